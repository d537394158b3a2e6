"""Question 10 - Derivative at a point with autograd.

Write `derivative_at(f, x0)`, which uses autograd to compute the derivative f'(x0) of a scalar function
`f` (built from torch operations) at the point `x0`, and returns it as a Python float. For example, the
derivative of sin at pi/4 is cos(pi/4) = sqrt(2)/2.

    >>> derivative_at(torch.sin, math.pi / 4)
    0.7071067811865476
    >>> derivative_at(lambda x: x**3, 2.0)          # 3 * 2**2
    12.0
    >>> derivative_at(torch.exp, 0)                 # an int x0 works too
    1.0

What the grader checks:
- sin at pi/4 gives sqrt(2)/2;
- other functions chosen by the grader match their known derivatives at several points: exp (including
  negative x0), x * log(x) (x0 > 0) and tanh (including x0 = 0);
- the derivative is the one autograd computes: some of the grader's functions define their derivative
  in a custom `torch.autograd.Function` (a rounding step whose backward passes the gradient straight
  through, as in quantisation-aware training; it supports backward, forward mode and `torch.func`),
  which a finite difference (f(x0 + h) - f(x0)) / h cannot see;
- `f` receives a 0-d tensor (shape `()`, not `(1,)`) and returns a 0-d tensor;
- the result is a Python float (not a tensor);
- full precision: x0 is a Python float (64 bits), so the derivative is taken at x0 itself in float64,
  accurate to about 1e-7 relative (checked with sin at 1000.1 and exp at 20.3, where float32 is off);
- an int x0 (such as 0 or 2) works;
- it also works when called inside `torch.no_grad()`, and leaves the caller's grad mode as it was.
"""

from collections.abc import Callable

import torch


def derivative_at(f: Callable[[torch.Tensor], torch.Tensor], x0: float) -> float:
    """Return f'(x0), computed with autograd, as a Python float."""
    # TODO
    raise NotImplementedError
