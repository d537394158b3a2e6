"""Question 10 - Derivative at a point with autograd (reference)."""

from collections.abc import Callable

import torch


def derivative_at(f: Callable[[torch.Tensor], torch.Tensor], x0: float) -> float:
    # enable_grad: the caller may be inside torch.no_grad(). float64: x0 is a 64-bit Python float.
    with torch.enable_grad():
        x = torch.tensor(float(x0), dtype=torch.float64, requires_grad=True)
        (grad,) = torch.autograd.grad(f(x), x)
    return grad.item()
