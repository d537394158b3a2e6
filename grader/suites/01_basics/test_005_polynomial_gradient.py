"""Grader for question 5: poly_grad / poly_second_grad are autograd derivatives without side effects."""

import pytest
import torch

from grader.checks import (
    EXACT,
    FLOAT64,
    REDUCTION,
    assert_close,
    assert_shape,
    assert_tensor,
    call_pure,
    check,
    describe,
    expect,
    randn,
)

FUNCTIONS = ["poly_grad", "poly_second_grad"]
SHAPES = [(), (1,), (7,), (3, 5)]

MEAN = "you differentiated y.mean() instead of y.sum(): each mean divides the derivative by x.numel()"
MEAN_ONCE = "one of the two passes differentiated a mean instead of a sum: it divides the result by x.numel()"
FLOAT32 = "float64 input was differentiated in float32 and cast back: compute in float64"


def sample(*shape: int, seed: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return randn(*shape, seed=seed, dtype=dtype) * 2  # spans both sides of the roots of y' and y''


def inputs(seed: int) -> list[torch.Tensor]:
    """Every shape, and the transpose of a (5, 3) sample: a non-contiguous (3, 5) input."""
    return [*(sample(*shape, seed=seed + i) for i, shape in enumerate(SHAPES)), sample(5, 3, seed=seed + 9).T]


def label(x: torch.Tensor) -> str:
    return f"x of shape {tuple(x.shape)}{'' if x.is_contiguous() else ', non-contiguous'}"


def causes(reference, name: str, x: torch.Tensor) -> dict[str, object]:
    """The results of the usual mistakes on x, computed only when a comparison fails."""
    fn, n = getattr(reference, name), x.numel()
    found = {MEAN: lambda: fn(x) / n ** (2 if name == "poly_second_grad" else 1)}
    if name == "poly_second_grad":
        found[MEAN_ONCE] = lambda: fn(x) / n
    if x.dtype == torch.float64:
        found[FLOAT32] = lambda: fn(x.float()).double()
    return found


def run(attempt, name: str, x: torch.Tensor) -> torch.Tensor:
    """Call `attempt.<name>(x)` and check that x's values and requires_grad flag are unchanged."""
    flag = x.requires_grad
    out = assert_tensor(call_pure(getattr(attempt, name), x, what=f"{name}({label(x)})"), f"{name}(x)")
    expect(x.requires_grad == flag, f"{name} changed x.requires_grad: expected {flag}, got {x.requires_grad}")
    return out


@check("shape")
@pytest.mark.parametrize("name", FUNCTIONS)
def test_output_has_the_shape_of_x(attempt, name):
    for x in inputs(seed=10):
        assert_shape(run(attempt, name, x.requires_grad_()), x.shape, f"{name}({label(x)})")


@check("gradient", points=2)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_derivative_matches_reference(attempt, reference, name):
    for x in inputs(seed=20):
        x.requires_grad_()
        expected = getattr(reference, name)(x)
        what = f"{name}({label(x)})"
        assert_close(run(attempt, name, x), expected, REDUCTION, what, causes=causes(reference, name, x))


@check("dtype")
@pytest.mark.parametrize("name", FUNCTIONS)
def test_float64_input_gives_float64_output(attempt, reference, name):
    x = sample(9, seed=30, dtype=torch.float64).requires_grad_()
    expected = getattr(reference, name)(x)
    assert_close(run(attempt, name, x), expected, FLOAT64, f"{name}(float64 x)", causes=causes(reference, name, x))


@check("behaviour")
@pytest.mark.parametrize("name", FUNCTIONS)
def test_result_is_detached(attempt, name):
    for i, shape in enumerate([(), (5,)]):
        x = sample(*shape, seed=40 + i).requires_grad_()
        out = run(attempt, name, x)
        expect(
            not out.requires_grad and out.grad_fn is None,
            f"{name}(x that requires grad): expected a detached result, got requires_grad={out.requires_grad}, "
            f"grad_fn={type(out.grad_fn).__name__ if out.grad_fn is not None else None}",
        )


@check("behaviour", points=2)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_caller_grad_is_untouched(attempt, reference, name):
    x = sample(6, seed=50).requires_grad_()
    run(attempt, name, x)
    expect(x.grad is None, f"{name} wrote x.grad: expected the caller's x.grad to stay None, got {describe(x.grad)}")
    stale = randn(6, seed=51)
    x.grad = stale_grad = stale.clone()
    out = run(attempt, name, x)
    assert_close(x.grad, stale, EXACT, f"{name}: the caller's stale x.grad after the call")
    expect(
        x.grad is stale_grad,
        f"{name} replaced the caller's x.grad by another tensor (equal values, but a reference the caller kept "
        "is no longer x.grad): leave the caller's .grad alone, or put back the very same object",
    )
    assert_close(out, getattr(reference, name)(x), REDUCTION, f"{name}(x with a stale .grad)")


@check("behaviour", points=2)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_works_when_x_does_not_require_grad(attempt, reference, name):
    for i, shape in enumerate([(), (7,)]):
        x = sample(*shape, seed=60 + i)
        expected = getattr(reference, name)(x)
        assert_close(run(attempt, name, x), expected, REDUCTION, f"{name}(x that does not require grad, shape {shape})")


@check("behaviour")
@pytest.mark.parametrize("name", FUNCTIONS)
def test_works_inside_no_grad(attempt, reference, name):
    x = sample(5, seed=70)
    expected = getattr(reference, name)(x)
    with torch.no_grad():
        out = run(attempt, name, x)
    assert_close(out, expected, REDUCTION, f"{name}(x) called inside torch.no_grad()")
