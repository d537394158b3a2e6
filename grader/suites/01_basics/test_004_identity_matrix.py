"""Grader for question 4: identity(n, dtype) and fill_diagonal(x, value) in place, without torch.eye."""

import torch

from grader.checks import (
    EXACT,
    assert_close,
    assert_dtype,
    assert_shape,
    check,
    describe,
    dtype_str,
    expect,
    forbid,
    randn,
)

forbid("torch.eye", "torch.Tensor.fill_diagonal_", "torch.diag_embed", "torch.Tensor.diag_embed")

SIZES = [1, 4, 7]
DTYPES = [torch.float64, torch.float16, torch.int64, torch.bool]


def fill_case(attempt, reference, x: torch.Tensor, value: float) -> tuple[torch.Tensor, object, torch.Tensor, str]:
    """(x, what the attempt returned, the expected result, a description) for one call."""
    what = f"fill_diagonal(x of shape {tuple(x.shape)}, {dtype_str(x.dtype)}, value={value})"
    expected = reference.fill_diagonal(x.clone(), value)
    return x, attempt.fill_diagonal(x, value), expected, what


@check("shape")
def test_identity_shape(attempt):
    for n in SIZES:
        assert_shape(attempt.identity(n), (n, n), f"identity({n})")


@check("numerics", points=2)
def test_identity_values(attempt, reference):
    for n in SIZES:
        assert_close(attempt.identity(n), reference.identity(n), EXACT, f"identity({n})")


@check("dtype")
def test_identity_dtype(attempt, reference):
    assert_dtype(attempt.identity(3), torch.float32, "identity(3) with the default dtype")
    for dtype in DTYPES:
        what = f"identity(5, dtype=torch.{dtype_str(dtype)})"
        assert_close(attempt.identity(5, dtype=dtype), reference.identity(5, dtype=dtype), EXACT, what)


@check("numerics", points=2)
def test_fill_diagonal_square_input(attempt, reference):
    for i, (n, value) in enumerate([(5, -2.5), (1, 3.0), (4, 0.0)]):
        _, out, expected, what = fill_case(attempt, reference, randn(n, n, seed=10 + i), value)
        assert_close(out, expected, EXACT, what)


@check("numerics", points=2)
def test_fill_diagonal_non_square_input(attempt, reference):
    for i, shape in enumerate([(5, 3), (3, 6), (1, 4), (4, 1), (7, 2)]):
        _, out, expected, what = fill_case(attempt, reference, randn(*shape, seed=20 + i), 1.5)
        assert_close(out, expected, EXACT, what)


@check("behaviour", points=2)
def test_fill_diagonal_modifies_x_in_place(attempt, reference):
    for i, shape in enumerate([(4, 4), (5, 3), (2, 6)]):
        x, _, expected, what = fill_case(attempt, reference, randn(*shape, seed=30 + i), -1.0)
        assert_close(x, expected, EXACT, f"{what}: x after the call (the diagonal must be written in place)")


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
        attempt.fill_diagonal(view(base), 4.0)
        assert_close(base, expected, EXACT, f"base (6, 5) after fill_diagonal({label}, 4.0)")


@check("dtype")
def test_fill_diagonal_keeps_the_dtype(attempt, reference):
    cases = [((randn(4, 5, seed=60) * 10).to(torch.int64), 7), (randn(5, 3, seed=61, dtype=torch.float64), -1.25)]
    for x, value in cases:
        _, out, expected, what = fill_case(attempt, reference, x, value)
        assert_close(out, expected, EXACT, what)
