"""Grader for question 10: derivative_at(f, x0) returns f'(x0) from autograd as a Python float."""

import math

import numpy as np
import pytest
import torch

from grader.checks import ELEMENTWISE, FLOAT64, assert_close, assert_type, call, check, expect


class RoundStraightThrough(torch.autograd.Function):
    """round(x) whose derivative is defined as 1 (a straight-through estimator, as in quantisation-aware
    training): only autograd knows it; the values are a staircase, whose numerical slope is 0."""

    @staticmethod
    def forward(x: torch.Tensor) -> torch.Tensor:
        return torch.round(x)

    @staticmethod
    def setup_context(ctx, inputs, output) -> None:
        pass

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> torch.Tensor:
        return grad

    @staticmethod
    def jvp(ctx, tangent: torch.Tensor) -> torch.Tensor:
        return tangent


def round_straight_through(x: torch.Tensor) -> torch.Tensor:
    return RoundStraightThrough.apply(x)


# Grader-chosen functions: name -> (f, its derivative in closed form, points x0).
FUNCTIONS = {
    "exp": (torch.exp, math.exp, [1.3, -2.2, 0.0]),
    "x_log_x": (lambda x: x * torch.log(x), lambda x: math.log(x) + 1.0, [0.37, 2.5, 1.0]),
    "tanh": (torch.tanh, lambda x: 1.0 - math.tanh(x) ** 2, [0.0, 0.8, -1.7]),
}
# f whose derivative comes from a custom backward: name -> (f, the derivative autograd gives, points x0).
STRAIGHT_THROUGH = {
    "round_straight_through": (round_straight_through, lambda x: 1.0, [0.3, 2.7]),
    "sin_of_round_straight_through": (
        lambda x: torch.sin(round_straight_through(x)),
        lambda x: math.cos(round(x)),
        [2.7, -1.2],
    ),
}

NUMERICAL = (
    "a finite difference sees only f's values (slope 0 on a rounding step), not the derivative f's backward defines"
)
X0_IN_FLOAT32 = "x0 was rounded to float32 (`torch.tensor(x0)` is float32): make the leaf float64"


def derivative(attempt, f, x0, name: str, shown_x0: str | None = None) -> object:
    return call(attempt.derivative_at, f, x0, what=f"derivative_at({name}, {shown_x0 or x0})")


@check("numerics", points=2)
def test_sin_at_pi_over_4(attempt):
    got = derivative(attempt, torch.sin, math.pi / 4, "torch.sin", "pi / 4")
    assert_close(got, math.sqrt(2) / 2, ELEMENTWISE, "derivative_at(torch.sin, pi / 4)")


@check("numerics", points=2)
@pytest.mark.parametrize("fn", list(FUNCTIONS))
def test_grader_chosen_functions(attempt, fn):
    f, df, points = FUNCTIONS[fn]
    for x0 in points:
        causes = {"derivative_at returned cos(x0), the derivative of sin, whatever f was": math.cos(x0)}
        assert_close(derivative(attempt, f, x0, fn), df(x0), ELEMENTWISE, f"derivative_at({fn}, {x0})", causes=causes)


@check("numerics", points=2)
@pytest.mark.parametrize("fn", list(STRAIGHT_THROUGH))
def test_derivative_comes_from_autograd(attempt, fn):
    f, df, points = STRAIGHT_THROUGH[fn]
    for x0 in points:
        what = f"derivative_at({fn}, {x0}), f's derivative defined by a custom autograd.Function"
        assert_close(derivative(attempt, f, x0, fn), df(x0), ELEMENTWISE, what, causes={NUMERICAL: 0.0})


@check("behaviour")
def test_f_receives_a_0d_tensor(attempt):
    shapes: list[torch.Size] = []

    def f(x: torch.Tensor) -> torch.Tensor:
        shapes.append(x.shape)
        return torch.sin(x) * x

    derivative(attempt, f, 0.5, "f")
    expect(shapes, "derivative_at(f, 0.5) never called f")
    for shape in shapes:
        expect(
            shape == (), f"derivative_at(f, 0.5) called f with a tensor of shape {tuple(shape)}: f takes a 0-d tensor"
        )


@check("dtype")
def test_returns_a_python_float(attempt):
    for f, x0, name, shown in [(torch.sin, math.pi / 4, "torch.sin", "pi / 4"), (torch.exp, 0.5, "exp", "0.5")]:
        assert_type(derivative(attempt, f, x0, name, shown), float, f"derivative_at({name}, {shown})")


@check("numerics")
def test_full_float64_precision(attempt):
    """Points where rounding x0 to float32 moves the derivative by 5e-5 (sin) and 8e-7 (exp) relative."""
    for f, df, name, x0 in [(torch.sin, math.cos, "torch.sin", 1000.1), (torch.exp, math.exp, "exp", 20.3)]:
        causes = {X0_IN_FLOAT32: df(float(np.float32(x0)))}
        assert_close(derivative(attempt, f, x0, name), df(x0), FLOAT64, f"derivative_at({name}, {x0})", causes=causes)


@check("behaviour")
def test_integer_x0_works(attempt):
    for fn, x0 in [("exp", 2), ("tanh", 0)]:
        f, df, _ = FUNCTIONS[fn]
        assert_close(derivative(attempt, f, x0, fn), df(x0), ELEMENTWISE, f"derivative_at({fn}, {x0}) with an int x0")


@check("behaviour")
def test_works_under_no_grad(attempt):
    what = "derivative_at(torch.sin, pi / 4) inside torch.no_grad()"
    with torch.no_grad():
        out = call(attempt.derivative_at, torch.sin, math.pi / 4, what=what)
        expect(not torch.is_grad_enabled(), f"{what}: grad mode was enabled after the call, it should stay disabled")
    assert_close(out, math.sqrt(2) / 2, ELEMENTWISE, what)
    derivative(attempt, torch.cos, 1.0, "torch.cos")
    expect(torch.is_grad_enabled(), "derivative_at(torch.cos, 1.0): grad mode was disabled after the call")
