"""Grader for question 3: column_stats returns the mean and the (un)biased std of every column."""

import torch

from grader.checks import (
    FLOAT64,
    REDUCTION,
    assert_close,
    assert_shape,
    assert_type,
    call_pure,
    check,
    expect,
    randn,
)

SHAPES = [(7, 4), (5, 5), (2, 9), (33, 3)]


def sample(n: int, m: int, seed: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """Columns with different means and scales; column 0 has mean ~100 and std ~0.1 (cancellation)."""
    scale = randn(m, seed=seed + 1000, dtype=dtype).exp()
    offset = 30 * randn(m, seed=seed + 2000, dtype=dtype)
    scale[0], offset[0] = 0.1, 100.0
    return randn(n, m, seed=seed, dtype=dtype) * scale + offset


def run(attempt, x: torch.Tensor, what: str, **kwargs: object) -> tuple[torch.Tensor, torch.Tensor]:
    out = call_pure(attempt.column_stats, x, what=what, **kwargs)
    assert_type(out, tuple, what)
    expect(len(out) == 2, f"{what}: expected a tuple (mean, std) of 2 items, got {len(out)}")
    for i, part in enumerate(("mean", "std")):
        assert_type(out[i], torch.Tensor, f"{what}: {part}")
    return out


def name(x: torch.Tensor, **kwargs: object) -> str:
    args = "".join(f", {k}={v}" for k, v in kwargs.items())
    return f"column_stats(x of shape {tuple(x.shape)}, {str(x.dtype).removeprefix('torch.')}{args})"


@check("shape")
def test_output_shapes(attempt):
    for i, (n, m) in enumerate([(7, 4), (1, 6), (3, 9), (5, 5)]):
        x = sample(n, m, seed=10 + i)
        for kwargs in ({}, {"unbiased": False}):
            what = name(x, **kwargs)
            for part, value in zip(("mean", "std"), run(attempt, x, what, **kwargs), strict=True):
                assert_shape(value, (m,), f"{what}: {part}")


@check("numerics", points=2)
def test_unbiased_stats_match_reference(attempt, reference):
    for i, (n, m) in enumerate(SHAPES):
        x = sample(n, m, seed=20 + i)
        expected = reference.column_stats(x, unbiased=True)
        for kwargs in ({"unbiased": True}, {}):  # {}: unbiased is the default
            what = name(x, **kwargs)
            assert_close(run(attempt, x, what, **kwargs), expected, REDUCTION, f"{what} (mean, std)")


@check("numerics", points=2)
def test_biased_stats_match_reference(attempt, reference):
    for i, (n, m) in enumerate([*SHAPES, (1, 6)]):
        x = sample(n, m, seed=30 + i)
        what = name(x, unbiased=False)
        expected = reference.column_stats(x, unbiased=False)
        assert_close(run(attempt, x, what, unbiased=False), expected, REDUCTION, f"{what} (mean, std)")


@check("dtype", points=2)
def test_integer_input_is_promoted_to_float32(attempt, reference):
    for i, dtype in enumerate([torch.int64, torch.int32, torch.uint8]):
        x = (randn(6, 4, seed=40 + i) * 20 + 60).clamp(0, 255).to(dtype)
        for kwargs in ({}, {"unbiased": False}):
            what, expected = name(x, **kwargs), reference.column_stats(x, **kwargs)
            assert_close(run(attempt, x, what, **kwargs), expected, REDUCTION, f"{what} (mean, std)")


@check("dtype")
def test_float64_input_stays_float64(attempt, reference):
    x = sample(8, 5, seed=50, dtype=torch.float64)
    for kwargs in ({}, {"unbiased": False}):
        what, expected = name(x, **kwargs), reference.column_stats(x, **kwargs)
        assert_close(run(attempt, x, what, **kwargs), expected, FLOAT64, f"{what} (mean, std)")
