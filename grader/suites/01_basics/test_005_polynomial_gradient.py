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


def sample(*shape: int, seed: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return randn(*shape, seed=seed, dtype=dtype) * 2  # spans both sides of the roots of y' and y''


def call(attempt, name: str, x: torch.Tensor) -> torch.Tensor:
    """Call `attempt.<name>(x)` and check that x's values and requires_grad flag are unchanged."""
    flag = x.requires_grad
    out = assert_tensor(call_pure(getattr(attempt, name), x, what=name), f"{name}(x)")
    expect(x.requires_grad == flag, f"{name} changed x.requires_grad: expected {flag}, got {x.requires_grad}")
    return out


@check("shape")
@pytest.mark.parametrize("name", FUNCTIONS)
def test_output_has_the_shape_of_x(attempt, name):
    for i, shape in enumerate(SHAPES):
        out = call(attempt, name, sample(*shape, seed=10 + i).requires_grad_())
        assert_shape(out, shape, f"{name}(x of shape {shape})")


@check("gradient", points=2)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_derivative_matches_reference(attempt, reference, name):
    for i, shape in enumerate(SHAPES):
        x = sample(*shape, seed=20 + i).requires_grad_()
        expected = getattr(reference, name)(x)
        assert_close(call(attempt, name, x), expected, REDUCTION, f"{name}(x of shape {shape})")


@check("dtype")
@pytest.mark.parametrize("name", FUNCTIONS)
def test_float64_input_gives_float64_output(attempt, reference, name):
    x = sample(9, seed=30, dtype=torch.float64).requires_grad_()
    expected = getattr(reference, name)(x)
    assert_close(call(attempt, name, x), expected, FLOAT64, f"{name}(float64 x)")


@check("behaviour")
@pytest.mark.parametrize("name", FUNCTIONS)
def test_result_is_detached(attempt, name):
    for i, shape in enumerate([(), (5,)]):
        x = sample(*shape, seed=40 + i).requires_grad_()
        out = call(attempt, name, x)
        expect(
            not out.requires_grad and out.grad_fn is None,
            f"{name}(x that requires grad): expected a detached result, got requires_grad={out.requires_grad}, "
            f"grad_fn={type(out.grad_fn).__name__ if out.grad_fn is not None else None}",
        )


@check("behaviour", points=2)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_caller_grad_is_untouched(attempt, reference, name):
    x = sample(6, seed=50).requires_grad_()
    call(attempt, name, x)
    expect(x.grad is None, f"{name} wrote x.grad: expected the caller's x.grad to stay None, got {describe(x.grad)}")
    stale = randn(6, seed=51)
    x.grad = stale.clone()
    out = call(attempt, name, x)
    assert_close(x.grad, stale, EXACT, f"{name}: the caller's stale x.grad after the call")
    assert_close(out, getattr(reference, name)(x), REDUCTION, f"{name}(x with a stale .grad)")


@check("behaviour", points=2)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_works_when_x_does_not_require_grad(attempt, reference, name):
    for i, shape in enumerate([(), (7,)]):
        x = sample(*shape, seed=60 + i)
        expected = getattr(reference, name)(x)
        assert_close(
            call(attempt, name, x), expected, REDUCTION, f"{name}(x that does not require grad, shape {shape})"
        )


@check("behaviour")
@pytest.mark.parametrize("name", FUNCTIONS)
def test_works_inside_no_grad(attempt, reference, name):
    x = sample(5, seed=70)
    expected = getattr(reference, name)(x)
    with torch.no_grad():
        out = call(attempt, name, x)
    assert_close(out, expected, REDUCTION, f"{name}(x) called inside torch.no_grad()")
