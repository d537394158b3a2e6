"""Wrong: without torch.enable_grad(), a caller's torch.no_grad() block leaves y without a graph."""
# fails: works_inside_no_grad

import torch


def poly(x: torch.Tensor) -> torch.Tensor:
    return x**3 + 2 * x**2 - 5 * x + 1


def poly_grad(x: torch.Tensor) -> torch.Tensor:
    xr = x.detach().clone().requires_grad_(True)
    (dy,) = torch.autograd.grad(poly(xr).sum(), xr)
    return dy


def poly_second_grad(x: torch.Tensor) -> torch.Tensor:
    xr = x.detach().clone().requires_grad_(True)
    (dy,) = torch.autograd.grad(poly(xr).sum(), xr, create_graph=True)
    (d2y,) = torch.autograd.grad(dy.sum(), xr)
    return d2y
