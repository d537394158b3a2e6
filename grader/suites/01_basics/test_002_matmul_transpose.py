"""Grader for question 2: matmul_transpose computes x @ x^T for 2-D and batched 3-D input."""

import torch

from grader.checks import (
    FLOAT64,
    REDUCTION,
    assert_close,
    assert_dtype,
    assert_shape,
    call_pure,
    check,
    dtype_str,
    expect,
    input_gradients,
    randn,
)

SHAPES_2D = [(3, 3), (4, 7), (1, 5), (6, 1)]
# (3, 3, 3) first: x.T has the right shape on a cube, so the values expose the reversed dimensions.
SHAPES_3D = [(3, 3, 3), (4, 3, 5), (1, 2, 6), (5, 6, 2)]

REVERSED_DIMS = "`x.T` reverses every dimension of a batch (b, n, m): use `x.mT` or `x.transpose(-2, -1)`"
SWAPPED_BATCH = "`x.transpose(0, 1)` swaps the batch and row dimensions of a batch: use `x.mT` (the last two)"
GRAM_OF_COLUMNS = "you computed x^T @ x (products of the columns), not x @ x^T (products of the rows)"
FIRST_MATRIX = "every matrix was multiplied by the transpose of the first one, `x[0]`, not by its own"
DETACHED_FACTOR = "the transposed factor is detached (`x @ x.detach().mT`): the gradient through x^T is lost"


def causes(x: torch.Tensor) -> dict[str, object]:
    """The values of the usual wrong products, computed only when a comparison fails."""
    return {
        REVERSED_DIMS: lambda: x @ x.permute(*reversed(range(x.dim()))),
        SWAPPED_BATCH: lambda: x @ x.transpose(0, 1),
        GRAM_OF_COLUMNS: lambda: x.mT @ x,
        FIRST_MATRIX: lambda: x @ x[0].mT,
    }


def name(x: torch.Tensor) -> str:
    layout = "" if x.is_contiguous() else ", non-contiguous"
    dtype = "" if x.dtype == torch.float32 else f", {dtype_str(x.dtype)}"
    return f"matmul_transpose(x of shape {tuple(x.shape)}{dtype}{layout})"


def run(attempt, x: torch.Tensor) -> torch.Tensor:
    """The attempt's result; fails if it changed x in place, or its requires_grad flag."""
    flag = x.requires_grad
    out = call_pure(attempt.matmul_transpose, x, what=name(x))
    expect(x.requires_grad == flag, f"{name(x)} changed x.requires_grad: expected {flag}, got {x.requires_grad}")
    return out


def inputs_2d(seed: int) -> list[torch.Tensor]:
    """Every 2-D shape, and a transposed (non-contiguous) matrix."""
    return [randn(*shape, seed=seed + i) for i, shape in enumerate(SHAPES_2D)] + [randn(7, 4, seed=seed + 9).T]


def inputs_3d(seed: int) -> list[torch.Tensor]:
    """Every batched shape, and a batch of transposed (non-contiguous) matrices."""
    return [randn(*shape, seed=seed + i) for i, shape in enumerate(SHAPES_3D)] + [randn(2, 6, 3, seed=seed + 9).mT]


@check("shape")
def test_output_shapes(attempt):
    for x in inputs_2d(seed=10) + inputs_3d(seed=15):
        assert_shape(run(attempt, x), (*x.shape[:-1], x.shape[-2]), name(x))


@check("numerics", points=2)
def test_two_d_input_matches_reference(attempt, reference):
    for x in inputs_2d(seed=20):
        assert_close(run(attempt, x), reference.matmul_transpose(x), REDUCTION, name(x), causes=causes(x))


@check("numerics", points=2)
def test_batched_input_matches_reference(attempt, reference):
    for x in inputs_3d(seed=30):
        assert_close(run(attempt, x), reference.matmul_transpose(x), REDUCTION, name(x), causes=causes(x))


@check("dtype")
def test_float64_input_stays_float64(attempt, reference):
    for x in [randn(5, 4, seed=35, dtype=torch.float64), randn(2, 3, 6, seed=36, dtype=torch.float64)]:
        assert_close(run(attempt, x), reference.matmul_transpose(x), FLOAT64, name(x))


@check("numerics")
def test_output_is_symmetric(attempt):
    for i, shape in enumerate([(5, 4), (9, 17), (3, 3, 3), (2, 6, 5)]):
        x = randn(*shape, seed=40 + i)
        out = run(attempt, x)
        assert_shape(out, (*shape[:-1], shape[-2]), name(x))
        assert_close(out.mT, out, REDUCTION, f"{name(x)} transposed (x @ x^T must be symmetric)")


@check("gradient", points=2)
def test_gradients_match_reference(attempt, reference):
    for i, shape in enumerate([(4, 6), (1, 3), (3, 5, 2), (3, 3, 3)]):
        x = randn(*shape, seed=50 + i)
        expected_out, expected = input_gradients(reference.matmul_transpose, {"x": x})
        out, grads = input_gradients(attempt.matmul_transpose, {"x": x}, what=name(x))
        assert_shape(out, expected_out.shape, name(x))
        assert_dtype(out, expected_out.dtype, name(x))
        detached = {DETACHED_FACTOR: lambda x=x: input_gradients(lambda t: t @ t.detach().mT, {"x": x})[1]["x"]}
        assert_close(grads["x"], expected["x"], REDUCTION, f"gradient of {name(x)} w.r.t. x", causes=detached)
