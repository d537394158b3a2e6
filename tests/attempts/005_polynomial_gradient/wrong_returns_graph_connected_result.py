"""Wrong: keeping create_graph=True for the returned gradient hands back a result that still requires grad."""
# fails: result_is_detached

import torch


def _first(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    xr = x.detach().requires_grad_(True)
    y = xr**3 + 2 * xr**2 - 5 * xr + 1
    (dy,) = torch.autograd.grad(y.sum(), xr, create_graph=True)
    return xr, dy


def poly_grad(x: torch.Tensor) -> torch.Tensor:
    with torch.enable_grad():
        return _first(x)[1]


def poly_second_grad(x: torch.Tensor) -> torch.Tensor:
    with torch.enable_grad():
        xr, dy = _first(x)
        (d2y,) = torch.autograd.grad(dy.sum(), xr, create_graph=True)
    return d2y
