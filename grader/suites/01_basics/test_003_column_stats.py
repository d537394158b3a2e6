"""Grader for question 3: column_stats returns the mean and the (un)biased std of every column."""

import torch

from grader.checks import (
    FLOAT64,
    REDUCTION,
    Tol,
    assert_close,
    assert_shape,
    assert_type,
    call_pure,
    check,
    dtype_str,
    expect,
    randn,
)

SHAPES = [(7, 4), (5, 5), (2, 9), (33, 3), (6, 1)]

BIASED = "you divided by n (the biased std, correction=0) where unbiased=True asks for n - 1"
UNBIASED = "unbiased=False was ignored: the std divided by n - 1 (torch.std's default); use correction=0"
SWAPPED = "mean and std are swapped (torch.std_mean and torch.var_mean return the std or variance first)"
VARIANCE = "you returned the variance: the std is its square root"
ONE_PASS = "the one-pass formula E[x^2] - E[x]^2 cancels in float32 when |mean| >> std: subtract the mean first"
ONE_ROW = "with one row, unbiased=True divides by n - 1 = 0: the std is NaN (as torch.std), not 0"
FLOAT32 = "float64 input was computed in float32 and cast back: compute in float64"


def sample(n: int, m: int, seed: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """Columns with different means and scales; column 0 has mean ~100 and std ~0.1 (cancellation)."""
    scale = randn(m, seed=seed + 1000, dtype=dtype).exp()
    offset = 30 * randn(m, seed=seed + 2000, dtype=dtype)
    scale[0], offset[0] = 0.1, 100.0
    return randn(n, m, seed=seed, dtype=dtype) * scale + offset


def inputs(seed: int, dtype: torch.dtype = torch.float32) -> list[torch.Tensor]:
    """Every shape, and the transpose of a (4, 8) sample: a non-contiguous (8, 4) input."""
    xs = [sample(n, m, seed=seed + i, dtype=dtype) for i, (n, m) in enumerate(SHAPES)]
    return [*xs, sample(4, 8, seed=seed + 9, dtype=dtype).T]


def stats(x: torch.Tensor, correction: int) -> tuple[torch.Tensor, torch.Tensor]:
    return x.mean(dim=0), x.std(dim=0, correction=correction)


def causes(x: torch.Tensor, unbiased: bool) -> dict[str, object]:
    """The results of the usual mistakes on x, computed only when a comparison fails."""
    xf = x if x.is_floating_point() else x.float()
    n, correction = xf.shape[0], int(unbiased)

    def one_pass() -> tuple[torch.Tensor, torch.Tensor]:
        mean = xf.mean(dim=0)
        var = ((xf * xf).sum(dim=0) - n * mean * mean) / (n - correction)
        return mean, var.clamp_min(0).sqrt()

    found: dict[str, object] = {}
    if unbiased and n == 1:  # first: the biased std of one row is 0 too
        found[ONE_ROW] = lambda: (xf.mean(dim=0), torch.zeros_like(xf[0]))
    found |= {
        BIASED if unbiased else UNBIASED: lambda: stats(xf, 1 - correction),
        SWAPPED: lambda: stats(xf, correction)[::-1],
        VARIANCE: lambda: (xf.mean(dim=0), xf.var(dim=0, correction=correction)),
        ONE_PASS: one_pass,
    }
    if x.dtype == torch.float64:
        found[FLOAT32] = lambda: tuple(t.double() for t in stats(x.float(), correction))
    return found


def run(attempt, x: torch.Tensor, what: str, **kwargs: object) -> tuple[torch.Tensor, torch.Tensor]:
    out = call_pure(attempt.column_stats, x, what=what, **kwargs)
    assert_type(out, tuple, what)
    expect(len(out) == 2, f"{what}: expected a tuple (mean, std) of 2 items, got {len(out)}")
    for i, part in enumerate(("mean", "std")):
        assert_type(out[i], torch.Tensor, f"{what}: {part}")
    return out


def name(x: torch.Tensor, **kwargs: object) -> str:
    args = "".join(f", {k}={v}" for k, v in kwargs.items())
    layout = "" if x.is_contiguous() else ", non-contiguous"
    return f"column_stats(x of shape {tuple(x.shape)}, {dtype_str(x.dtype)}{layout}{args})"


def compare(attempt, reference, x: torch.Tensor, tol: Tol = REDUCTION, **kwargs: object) -> None:
    """The attempt's (mean, std) vs the reference's; NaN matches NaN (the std of one row, unbiased)."""
    what, unbiased = name(x, **kwargs), bool(kwargs.get("unbiased", True))
    expected = reference.column_stats(x, **kwargs)
    out = run(attempt, x, what, **kwargs)
    assert_close(out, expected, tol, f"{what} (mean, std)", causes=causes(x, unbiased), equal_nan=True)


@check("shape")
def test_output_shapes(attempt):
    for i, (n, m) in enumerate([(7, 4), (1, 6), (3, 9), (5, 5), (6, 1)]):
        x = sample(n, m, seed=10 + i)
        for kwargs in ({}, {"unbiased": False}):
            what = name(x, **kwargs)
            for part, value in zip(("mean", "std"), run(attempt, x, what, **kwargs), strict=True):
                assert_shape(value, (m,), f"{what}: {part}")


@check("numerics", points=2)
def test_unbiased_stats_match_reference(attempt, reference):
    for x in inputs(seed=20):
        for kwargs in ({"unbiased": True}, {}):  # {}: unbiased is the default
            compare(attempt, reference, x, **kwargs)


@check("numerics", points=2)
def test_biased_stats_match_reference(attempt, reference):
    for x in [*inputs(seed=30), sample(1, 6, seed=39)]:
        compare(attempt, reference, x, unbiased=False)


@check("numerics")
def test_one_row_gives_a_nan_unbiased_std(attempt, reference):
    x = sample(1, 6, seed=45)
    compare(attempt, reference, x)
    compare(attempt, reference, x, unbiased=True)


@check("dtype", points=2)
def test_integer_input_is_promoted_to_float32(attempt, reference):
    for i, dtype in enumerate([torch.int64, torch.int32, torch.uint8]):
        x = (randn(6, 4, seed=40 + i) * 20 + 60).clamp(0, 255).to(dtype)
        for kwargs in ({}, {"unbiased": False}):
            compare(attempt, reference, x, **kwargs)


@check("dtype")
def test_float64_input_stays_float64(attempt, reference):
    x = sample(8, 5, seed=50, dtype=torch.float64)
    for kwargs in ({}, {"unbiased": False}):
        compare(attempt, reference, x, FLOAT64, **kwargs)
