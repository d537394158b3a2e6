"""Wrong: x is flattened to a vector to handle any shape, and the result is never reshaped back."""
# fails: output_has_the_shape_of_x, derivative_matches_reference

import torch


def poly(x: torch.Tensor) -> torch.Tensor:
    return x**3 + 2 * x**2 - 5 * x + 1


def _flat_leaf(x: torch.Tensor) -> torch.Tensor:
    return x.detach().reshape(-1).requires_grad_(True)


def poly_grad(x: torch.Tensor) -> torch.Tensor:
    with torch.enable_grad():
        xr = _flat_leaf(x)
        (dy,) = torch.autograd.grad(poly(xr).sum(), xr)
    return dy


def poly_second_grad(x: torch.Tensor) -> torch.Tensor:
    with torch.enable_grad():
        xr = _flat_leaf(x)
        (dy,) = torch.autograd.grad(poly(xr).sum(), xr, create_graph=True)
        (d2y,) = torch.autograd.grad(dy.sum(), xr)
    return d2y
