"""Question 5 - Polynomial derivatives with autograd (reference)."""

import torch


def poly(x: torch.Tensor) -> torch.Tensor:
    return x**3 + 2 * x**2 - 5 * x + 1


def _leaf(x: torch.Tensor) -> torch.Tensor:
    # A private leaf: the caller's tensor, its requires_grad flag and its .grad stay untouched.
    return x.detach().requires_grad_(True)


def poly_grad(x: torch.Tensor) -> torch.Tensor:
    with torch.enable_grad():  # also works when the caller is inside torch.no_grad()
        xr = _leaf(x)
        # Each y_i depends on x_i alone, so the gradient of the sum is the elementwise derivative.
        (dy,) = torch.autograd.grad(poly(xr).sum(), xr)
    return dy


def poly_second_grad(x: torch.Tensor) -> torch.Tensor:
    with torch.enable_grad():
        xr = _leaf(x)
        (dy,) = torch.autograd.grad(poly(xr).sum(), xr, create_graph=True)  # keep dy differentiable
        (d2y,) = torch.autograd.grad(dy.sum(), xr)
    return d2y
