"""Correct, written differently: torch.func.grad transforms (nested for the second derivative)."""

import torch
from torch.func import grad


def total(x: torch.Tensor) -> torch.Tensor:
    return (x * x * x + 2 * x * x - 5 * x + 1).sum()


def poly_grad(x: torch.Tensor) -> torch.Tensor:
    # torch.func.grad ignores an outer no_grad and never touches x.grad
    return grad(total)(x.detach())


def poly_second_grad(x: torch.Tensor) -> torch.Tensor:
    return grad(lambda t: grad(total)(t).sum())(x.detach())
