"""Wrong: building the private leaf with torch.tensor(..., dtype=torch.float32) drops float64 to float32."""
# fails: float64_input_gives_float64_output

import torch


def _leaf(x: torch.Tensor) -> torch.Tensor:
    return torch.tensor(x.tolist(), dtype=torch.float32, requires_grad=True)


def poly_grad(x: torch.Tensor) -> torch.Tensor:
    with torch.enable_grad():
        xr = _leaf(x)
        (dy,) = torch.autograd.grad((xr**3 + 2 * xr**2 - 5 * xr + 1).sum(), xr)
    return dy


def poly_second_grad(x: torch.Tensor) -> torch.Tensor:
    with torch.enable_grad():
        xr = _leaf(x)
        (dy,) = torch.autograd.grad((xr**3 + 2 * xr**2 - 5 * xr + 1).sum(), xr, create_graph=True)
        (d2y,) = torch.autograd.grad(dy.sum(), xr)
    return d2y
