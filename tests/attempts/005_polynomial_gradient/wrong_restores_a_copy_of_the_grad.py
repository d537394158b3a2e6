"""Wrong: backward() on the caller's x, then putting back a *clone* of its stale .grad: equal values, another object."""
# fails: caller_grad_is_untouched

import torch


def poly(x: torch.Tensor) -> torch.Tensor:
    return x**3 + 2 * x**2 - 5 * x + 1


def derivative(x: torch.Tensor, order: int) -> torch.Tensor:
    leaf = x if x.is_leaf else x.detach()
    saved = None if leaf.grad is None else leaf.grad.clone()  # a copy, not the caller's object
    flag = leaf.requires_grad
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
            out = leaf.grad.detach().clone()
    finally:
        leaf.grad = saved
        leaf.requires_grad_(flag)
    return out


def poly_grad(x: torch.Tensor) -> torch.Tensor:
    return derivative(x, 1)


def poly_second_grad(x: torch.Tensor) -> torch.Tensor:
    return derivative(x, 2)
