"""Correct, written differently: backward() on the caller's own leaf, putting its .grad object and flag back after."""

import torch


def poly(x: torch.Tensor) -> torch.Tensor:
    return x**3 + 2 * x**2 - 5 * x + 1


def derivative(x: torch.Tensor, order: int) -> torch.Tensor:
    leaf = x if x.is_leaf else x.detach()
    saved, flag = leaf.grad, leaf.requires_grad  # the caller's very object, left untouched
    try:
        with torch.enable_grad():
            leaf.grad = None
            leaf.requires_grad_(True)
            y = poly(leaf).sum()
            if order == 1:
                y.backward()
            else:
                (dy,) = torch.autograd.grad(y, leaf, create_graph=True)
                dy.sum().backward()
            return leaf.grad.detach().clone()
    finally:
        leaf.grad = saved
        leaf.requires_grad_(flag)


def poly_grad(x: torch.Tensor) -> torch.Tensor:
    return derivative(x, 1)


def poly_second_grad(x: torch.Tensor) -> torch.Tensor:
    return derivative(x, 2)
