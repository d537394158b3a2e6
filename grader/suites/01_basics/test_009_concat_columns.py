"""Grader for question 9: concat_columns joins 2-D (and 1-D as column) tensors along dim 1, or raises ValueError."""

import pytest
import torch

from grader.checks import (
    EXACT,
    assert_close,
    assert_grads_match,
    assert_shape,
    call_pure,
    check,
    dtype_str,
    expect,
    expect_raises,
    randn,
)

# (shape of a, shape of b): p == q (where a cat along rows still runs), p != q, a single row; then 1-D
# columns on either side or both.
TWO_D = [((3, 3), (3, 3)), ((4, 3), (4, 2)), ((1, 5), (1, 1)), ((7, 2), (7, 6))]
ONE_D = [((5,), (5,)), ((5,), (5, 3)), ((6, 2), (6,)), ((1,), (1,))]
# Different row counts: 2-D with 2-D, 1-D with 2-D, 2-D with 1-D, 1-D with 1-D, and a 1-D b whose length is a
# multiple of a's rows (folding it into columns would hide the mismatch).
MISMATCHED = [((3, 2), (4, 5)), ((5,), (4, 3)), ((2, 3), (3,)), ((6,), (7,)), ((3, 2), (6,))]

# Likely causes: the known mistakes and the output each one gives.
ALONG_ROWS = "the tensors were joined along dim 0 (rows): columns are dim=1"
B_FIRST = "b's columns came first: the columns of a go on the left"
HSTACK = "torch.hstack joins two 1-D tensors end to end: make each a column (n, 1) first"
AS_FLOAT = "the result went through float32 (`.float()`, or torch.empty/zeros in the default dtype): keep the dtype"


def as_column(t: torch.Tensor) -> torch.Tensor:
    return t[:, None] if t.dim() == 1 else t


def wrong_variants(a: torch.Tensor, b: torch.Tensor) -> dict:
    return {
        ALONG_ROWS: lambda: torch.cat([as_column(a), as_column(b)], dim=0),
        B_FIRST: lambda: torch.cat([as_column(b), as_column(a)], dim=1),
        HSTACK: lambda: torch.hstack([a, b]),
        AS_FLOAT: lambda: torch.cat([as_column(a), as_column(b)], dim=1).float(),
    }


def columns(shape: tuple[int, ...]) -> int:
    return 1 if len(shape) == 1 else shape[1]


def name(a: torch.Tensor, b: torch.Tensor) -> str:
    return f"concat_columns(a of shape {tuple(a.shape)}, b of shape {tuple(b.shape)})"


def run(attempt, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return call_pure(attempt.concat_columns, a, b, what=name(a, b))


def raised_value_error(attempt, a: torch.Tensor, b: torch.Tensor) -> ValueError:
    return expect_raises(ValueError, attempt.concat_columns, a, b, what=f"{name(a, b)} (the row counts differ)")


def spellings(shape: tuple[int, ...]) -> list[str]:
    """How a message may write a shape: (3, 2) (tuple(t.shape)) or [3, 2] (list(t.shape), and t.shape, which
    prints torch.Size([3, 2])); a 1-D shape also as a column, (4, 1)."""
    forms = [shape, (shape[0], 1)] if len(shape) == 1 else [shape]
    return [text for s in forms for text in (str(tuple(s)), str(list(s)))]


@check("shape")
def test_output_shapes(attempt):
    for i, (a_shape, b_shape) in enumerate(TWO_D + ONE_D):
        a, b = randn(*a_shape, seed=10 + i), randn(*b_shape, seed=20 + i)
        assert_shape(run(attempt, a, b), (a_shape[0], columns(a_shape) + columns(b_shape)), name(a, b))


@check("numerics", points=2)
def test_two_d_inputs_match_reference(attempt, reference):
    cases = [(randn(*a, seed=30 + i), randn(*b, seed=40 + i)) for i, (a, b) in enumerate(TWO_D)]
    cases.append((randn(3, 4, seed=50).T, randn(4, 2, seed=51)))  # a non-contiguous (4, 3) view
    for a, b in cases:
        expected = reference.concat_columns(a, b)
        assert_close(run(attempt, a, b), expected, EXACT, name(a, b), causes=wrong_variants(a, b))


@check("behaviour", points=2)
def test_one_d_inputs_become_columns(attempt, reference):
    for i, (a_shape, b_shape) in enumerate(ONE_D):
        a, b = randn(*a_shape, seed=60 + i), randn(*b_shape, seed=70 + i)
        expected = reference.concat_columns(a, b)
        assert_close(run(attempt, a, b), expected, EXACT, name(a, b), causes=wrong_variants(a, b))


@check("dtype")
@pytest.mark.parametrize("dtype", [torch.int64, torch.float64], ids=dtype_str)
def test_keeps_the_dtype(attempt, reference, dtype):
    for a, b in [(randn(4, 3, seed=80), randn(4, 2, seed=81)), (randn(5, seed=82), randn(5, seed=83))]:
        a, b = (a * 100).to(dtype), (b * 100).to(dtype)
        expected, what = reference.concat_columns(a, b), f"{name(a, b)} with {dtype_str(dtype)}"
        assert_close(run(attempt, a, b), expected, EXACT, what, causes=wrong_variants(a, b))


@check("behaviour", points=2)
def test_mismatched_rows_raise_value_error(attempt):
    for i, (a_shape, b_shape) in enumerate(MISMATCHED):
        raised_value_error(attempt, randn(*a_shape, seed=90 + i), randn(*b_shape, seed=100 + i))


@check("behaviour")
def test_error_message_names_both_shapes(attempt):
    for i, (a_shape, b_shape) in enumerate(MISMATCHED):
        a, b = randn(*a_shape, seed=110 + i), randn(*b_shape, seed=120 + i)
        message = str(raised_value_error(attempt, a, b))
        for which, shape in (("a", a_shape), ("b", b_shape)):
            expect(
                any(text in message for text in spellings(shape)),
                f"{name(a, b)}: the ValueError message should name the shape of {which}, {shape}; got {message!r}",
            )


@check("gradient")
def test_gradients_flow_to_both_inputs(attempt, reference):
    for i, (a_shape, b_shape) in enumerate([((4, 3), (4, 2)), ((5,), (5, 3)), ((1, 2), (1,))]):
        inputs = {"a": randn(*a_shape, seed=130 + i), "b": randn(*b_shape, seed=140 + i)}
        what = f"concat_columns(a of shape {a_shape}, b of shape {b_shape})"
        assert_grads_match(attempt.concat_columns, reference.concat_columns, inputs, what=what)
