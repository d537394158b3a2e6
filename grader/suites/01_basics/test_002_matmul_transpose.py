"""Grader for question 2: matmul_transpose computes x @ x^T for 2-D and batched 3-D input."""

import torch

from grader.checks import REDUCTION, assert_close, assert_grads_match, assert_shape, call_pure, check, randn

SHAPES_2D = [(3, 3), (4, 7), (1, 5), (6, 1)]
# (3, 3, 3) first: x.T has the right shape on a cube, so the values expose the reversed dimensions.
SHAPES_3D = [(3, 3, 3), (4, 3, 5), (1, 2, 6), (5, 6, 2)]


def run(attempt, x: torch.Tensor, what: str) -> torch.Tensor:
    return call_pure(attempt.matmul_transpose, x, what=what)


def name(shape: tuple[int, ...]) -> str:
    return f"matmul_transpose(x of shape {shape})"


@check("shape")
def test_output_shapes(attempt):
    for i, shape in enumerate(SHAPES_2D + SHAPES_3D):
        x = randn(*shape, seed=10 + i)
        assert_shape(run(attempt, x, name(shape)), (*shape[:-1], shape[-2]), name(shape))


@check("numerics", points=2)
def test_two_d_input_matches_reference(attempt, reference):
    for i, shape in enumerate(SHAPES_2D):
        x = randn(*shape, seed=20 + i)
        assert_close(run(attempt, x, name(shape)), reference.matmul_transpose(x), REDUCTION, name(shape))


@check("numerics", points=2)
def test_batched_input_matches_reference(attempt, reference):
    for i, shape in enumerate(SHAPES_3D):
        x = randn(*shape, seed=30 + i)
        assert_close(run(attempt, x, name(shape)), reference.matmul_transpose(x), REDUCTION, name(shape))


@check("numerics")
def test_output_is_symmetric(attempt):
    for i, shape in enumerate([(5, 4), (9, 17), (3, 3, 3), (2, 6, 5)]):
        x = randn(*shape, seed=40 + i)
        out = run(attempt, x, name(shape))
        assert_shape(out, (*shape[:-1], shape[-2]), name(shape))
        assert_close(out.mT, out, REDUCTION, f"{name(shape)} transposed (x @ x^T must be symmetric)")


@check("gradient", points=2)
def test_gradients_match_reference(attempt, reference):
    for i, shape in enumerate([(4, 6), (1, 3), (3, 5, 2), (3, 3, 3)]):
        x = randn(*shape, seed=50 + i)
        assert_grads_match(attempt.matmul_transpose, reference.matmul_transpose, {"x": x}, what=name(shape))
