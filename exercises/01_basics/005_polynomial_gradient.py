"""Question 5 - Polynomial derivatives with autograd.

For y = x^3 + 2x^2 - 5x + 1, compute the first derivative dy/dx and the second derivative d2y/dx2 at
every element of `x` with autograd, as a side-effect-free helper that callers can use on any tensor.

    >>> x = torch.tensor([0.0, 1.0, -2.0])
    >>> poly_grad(x)                 # 3x^2 + 4x - 5
    tensor([-5.,  2., -1.])
    >>> poly_second_grad(x)          # 6x + 4
    tensor([ 4., 10., -8.])

What the grader checks:
- values of both derivatives for a 0-d scalar, a (1,) vector, a vector of odd length, an (n, m)
  matrix and a transposed (non-contiguous) one (the derivative is taken elementwise, so any shape works);
- the output has the shape of `x` (a 0-d input gives a 0-d output) and its dtype (float64 stays float64,
  computed in float64);
- the results are detached: `requires_grad` is False and there is no `grad_fn`, even when `x` requires grad;
- no side effects on the caller's tensor: its values, its `requires_grad` flag and its `.grad`
  (a stale `.grad` left there by the caller must come back unchanged: the same tensor object, with the
  same values, not accumulated into or replaced by a copy);
- `x` that does not require grad works;
- calling the functions inside `with torch.no_grad():` works.
The grader checks values and behaviour, not the route: autograd is the point of the exercise, but a
closed form that gives the same results is not refused.
"""

import torch


def poly_grad(x: torch.Tensor) -> torch.Tensor:
    """dy/dx of y = x^3 + 2x^2 - 5x + 1 at each element of `x`; same shape and dtype as `x`."""
    # TODO
    raise NotImplementedError


def poly_second_grad(x: torch.Tensor) -> torch.Tensor:
    """d2y/dx2 of y = x^3 + 2x^2 - 5x + 1 at each element of `x`; same shape and dtype as `x`."""
    # TODO
    raise NotImplementedError
