"""Grader for question 4: identity(n, dtype) and fill_diagonal(x, value) in place, without torch.eye."""

import numpy as np
import torch

from grader.checks import (
    EXACT,
    assert_close,
    assert_dtype,
    assert_shape,
    call,
    check,
    describe,
    dtype_str,
    expect,
    forbid,
    randn,
)

# Aliases first: torch.ops.aten.eye is guarded under each name, and the last one installed (torch.eye,
# torch.diag_embed) is the name a learner who calls it reads.
forbid(
    "numpy.eye",
    "numpy.identity",
    "numpy.fill_diagonal",
    "torch._refs.eye",
    "torch._refs.diag_embed",
    "torch.eye",
    "torch.Tensor.fill_diagonal_",
    "torch.Tensor.diag_embed",
    "torch.diag_embed",
)

SIZES = [1, 4, 7]
DTYPES = [torch.float64, torch.float16, torch.int64, torch.bool]

WRAPS = "the flat stride `view(-1)[::c + 1]` wraps past the last column of a tall (r > c) tensor: stop at min(r, c)"
INT_VALUE = "`value` was converted to an int: a float value such as -2.5 must stay -2.5"
THROUGH_FLOAT32 = (
    "the data went through float32 (a float mask, float arithmetic): it rounds int64 entries above 2**24, and 0.1"
)


def causes(reference, x: torch.Tensor, value: float) -> dict[str, object]:
    """The results of the usual mistakes, on a copy of x taken before the call."""

    def wrapped() -> torch.Tensor:
        out = x.clone()
        out.view(-1)[:: x.shape[1] + 1] = value
        return out

    def through_float32() -> torch.Tensor:
        if x.dtype == torch.int64:
            return reference.fill_diagonal(x.float().to(torch.int64), value)
        return reference.fill_diagonal(x.clone(), float(np.float32(value)))

    return {
        WRAPS: wrapped,
        INT_VALUE: lambda: reference.fill_diagonal(x.clone(), int(value)),
        THROUGH_FLOAT32: through_float32,
    }


def fill_case(attempt, reference, x: torch.Tensor, value: float) -> tuple[torch.Tensor, object, torch.Tensor, str]:
    """(x, what the attempt returned, the expected result, a description) for one call."""
    what = f"fill_diagonal(x of shape {tuple(x.shape)}, {dtype_str(x.dtype)}, value={value})"
    expected = reference.fill_diagonal(x.clone(), value)
    return x, call(attempt.fill_diagonal, x, value, what=what), expected, what


def check_fill(attempt, reference, x: torch.Tensor, value: float) -> None:
    """The attempt's result has only the main diagonal changed, to `value`."""
    before = x.clone()
    _, out, expected, what = fill_case(attempt, reference, x, value)
    assert_close(out, expected, EXACT, what, causes=causes(reference, before, value))


@check("shape")
def test_identity_shape(attempt):
    for n in SIZES:
        assert_shape(call(attempt.identity, n, what=f"identity({n})"), (n, n), f"identity({n})")


@check("numerics", points=2)
def test_identity_values(attempt, reference):
    for n in SIZES:
        assert_close(call(attempt.identity, n, what=f"identity({n})"), reference.identity(n), EXACT, f"identity({n})")


@check("dtype")
def test_identity_dtype(attempt, reference):
    assert_dtype(call(attempt.identity, 3, what="identity(3)"), torch.float32, "identity(3) with the default dtype")
    for dtype in DTYPES:
        what = f"identity(5, dtype=torch.{dtype_str(dtype)})"
        assert_close(call(attempt.identity, 5, dtype=dtype, what=what), reference.identity(5, dtype=dtype), EXACT, what)


@check("numerics", points=2)
def test_fill_diagonal_square_input(attempt, reference):
    for i, (n, value) in enumerate([(5, -2.5), (1, 3.0), (4, 0.0)]):
        check_fill(attempt, reference, randn(n, n, seed=10 + i), value)


@check("numerics", points=2)
def test_fill_diagonal_non_square_input(attempt, reference):
    for i, shape in enumerate([(5, 3), (3, 6), (1, 4), (4, 1), (7, 2)]):
        check_fill(attempt, reference, randn(*shape, seed=20 + i), 1.5)


@check("behaviour", points=2)
def test_fill_diagonal_modifies_x_in_place(attempt, reference):
    for i, shape in enumerate([(4, 4), (5, 3), (2, 6)]):
        x = randn(*shape, seed=30 + i)
        before = x.clone()
        _, out, _, what = fill_case(attempt, reference, x, -1.0)
        expect(not torch.equal(x, before), f"{what} left x unchanged: the diagonal must be written into x in place")
        if isinstance(out, torch.Tensor) and out is not x and out.shape == x.shape and out.dtype == x.dtype:
            assert_close(x, out, EXACT, f"{what}: x after the call, vs the tensor returned (x itself holds the result)")


@check("behaviour")
def test_fill_diagonal_returns_x_itself(attempt, reference):
    for i, shape in enumerate([(3, 3), (4, 2)]):
        x, out, _, what = fill_case(attempt, reference, randn(*shape, seed=40 + i), 2.0)
        shown = "a new tensor" if isinstance(out, torch.Tensor) else describe(out)
        expect(out is x, f"{what}: expected x itself (the same object, `out is x`), got {shown}")


@check("behaviour", points=2)
def test_fill_diagonal_on_a_non_contiguous_view(attempt, reference):
    views = [
        ("base.T", lambda t: t.T),
        ("base[1:, ::2]", lambda t: t[1:, ::2]),
        ("base[::2, 1:].T", lambda t: t[::2, 1:].T),
    ]
    for i, (label, view) in enumerate(views):
        base = randn(6, 5, seed=50 + i)
        expected = base.clone()
        reference.fill_diagonal(view(expected), 4.0)
        call(attempt.fill_diagonal, view(base), 4.0, what=f"fill_diagonal({label}, 4.0)")
        assert_close(base, expected, EXACT, f"base (6, 5) after fill_diagonal({label}, 4.0)")


@check("dtype")
def test_fill_diagonal_keeps_the_dtype(attempt, reference):
    # int64 entries beyond float32's 24-bit mantissa, and a float64 value that float32 cannot hold
    check_fill(attempt, reference, (randn(4, 5, seed=60, dtype=torch.float64) * 2**40).to(torch.int64), 7)
    check_fill(attempt, reference, randn(5, 3, seed=61, dtype=torch.float64), 0.1)
