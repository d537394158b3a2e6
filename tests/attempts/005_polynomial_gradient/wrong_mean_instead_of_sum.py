"""Wrong: differentiating y.mean() instead of y.sum() divides every derivative by the number of elements."""
# fails: derivative_matches_reference
# cause: you differentiated y.mean() instead of y.sum(): each mean divides the derivative by x.numel()

import torch


def poly(x: torch.Tensor) -> torch.Tensor:
    return x**3 + 2 * x**2 - 5 * x + 1


def poly_grad(x: torch.Tensor) -> torch.Tensor:
    with torch.enable_grad():
        xr = x.detach().requires_grad_(True)
        (dy,) = torch.autograd.grad(poly(xr).mean(), xr)
    return dy


def poly_second_grad(x: torch.Tensor) -> torch.Tensor:
    with torch.enable_grad():
        xr = x.detach().requires_grad_(True)
        (dy,) = torch.autograd.grad(poly(xr).mean(), xr, create_graph=True)
        (d2y,) = torch.autograd.grad(dy.mean(), xr)
    return d2y
