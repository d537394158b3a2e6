"""Grader for question 10: derivative_at(f, x0) returns f'(x0) from autograd as a Python float."""

import math

import pytest
import torch

from grader.checks import ELEMENTWISE, FLOAT64, assert_close, assert_type, check, expect

# Grader-chosen functions: name -> (f, its derivative in closed form, points x0).
FUNCTIONS = {
    "exp": (torch.exp, math.exp, [1.3, -2.2, 0.0]),
    "x_log_x": (lambda x: x * torch.log(x), lambda x: math.log(x) + 1.0, [0.37, 2.5, 1.0]),
    "tanh": (torch.tanh, lambda x: 1.0 - math.tanh(x) ** 2, [0.0, 0.8, -1.7]),
}


@check("numerics", points=2)
def test_sin_at_pi_over_4(attempt):
    what = "derivative_at(torch.sin, pi / 4)"
    assert_close(attempt.derivative_at(torch.sin, math.pi / 4), math.sqrt(2) / 2, ELEMENTWISE, what)


@check("numerics", points=2)
@pytest.mark.parametrize("fn", list(FUNCTIONS))
def test_grader_chosen_functions(attempt, fn):
    f, df, points = FUNCTIONS[fn]
    for x0 in points:
        assert_close(attempt.derivative_at(f, x0), df(x0), ELEMENTWISE, f"derivative_at({fn}, {x0})")


@check("dtype")
def test_returns_a_python_float(attempt):
    for f, x0, what in [
        (torch.sin, math.pi / 4, "derivative_at(torch.sin, pi / 4)"),
        (torch.exp, 0.5, "derivative_at(exp, 0.5)"),
    ]:
        assert_type(attempt.derivative_at(f, x0), float, what)


@check("numerics")
def test_full_float64_precision(attempt):
    for f, df, name, x0 in [(torch.sin, math.cos, "torch.sin", 1000.1), (torch.exp, math.exp, "exp", 10.3)]:
        what = f"derivative_at({name}, {x0}) (x0 rounded to float32, or a float32 result, is not accurate enough)"
        assert_close(attempt.derivative_at(f, x0), df(x0), FLOAT64, what)


@check("behaviour")
def test_integer_x0_works(attempt):
    for fn, x0 in [("exp", 2), ("tanh", 0)]:
        f, df, _ = FUNCTIONS[fn]
        assert_close(attempt.derivative_at(f, x0), df(x0), ELEMENTWISE, f"derivative_at({fn}, {x0}) with an int x0")


@check("behaviour")
def test_works_under_no_grad(attempt):
    what = "derivative_at(torch.sin, pi / 4) inside torch.no_grad()"
    with torch.no_grad():
        out = attempt.derivative_at(torch.sin, math.pi / 4)
        expect(not torch.is_grad_enabled(), f"{what}: grad mode was enabled after the call, it should stay disabled")
    assert_close(out, math.sqrt(2) / 2, ELEMENTWISE, what)
    attempt.derivative_at(torch.cos, 1.0)
    expect(torch.is_grad_enabled(), "derivative_at(torch.cos, 1.0): grad mode was disabled after the call")
