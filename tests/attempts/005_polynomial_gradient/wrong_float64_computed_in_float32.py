"""Wrong: differentiating a float32 copy and casting back keeps the float64 dtype but not its precision."""
# fails: float64_input_gives_float64_output
# cause: float64 input was differentiated in float32 and cast back: compute in float64

import torch


def poly(x: torch.Tensor) -> torch.Tensor:
    return x**3 + 2 * x**2 - 5 * x + 1


def poly_grad(x: torch.Tensor) -> torch.Tensor:
    with torch.enable_grad():
        xr = x.detach().float().requires_grad_(True)
        (dy,) = torch.autograd.grad(poly(xr).sum(), xr)
    return dy.to(x.dtype)


def poly_second_grad(x: torch.Tensor) -> torch.Tensor:
    with torch.enable_grad():
        xr = x.detach().float().requires_grad_(True)
        (dy,) = torch.autograd.grad(poly(xr).sum(), xr, create_graph=True)
        (d2y,) = torch.autograd.grad(dy.sum(), xr)
    return d2y.to(x.dtype)
