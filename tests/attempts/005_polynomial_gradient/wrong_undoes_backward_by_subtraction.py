"""Wrong: backward() on the caller's x, then `x.grad -= g` to undo it: float rounding is left in the stale .grad."""
# fails: caller_grad_is_untouched

import torch


def poly(x: torch.Tensor) -> torch.Tensor:
    return x**3 + 2 * x**2 - 5 * x + 1


def poly_grad(x: torch.Tensor) -> torch.Tensor:
    with torch.enable_grad():
        if x.is_leaf and x.requires_grad and x.grad is not None:
            before = x.grad.clone()
            poly(x).sum().backward()
            dy = x.grad - before
            with torch.no_grad():
                x.grad -= dy
            return dy
        xr = x.detach().requires_grad_(True)
        (dy,) = torch.autograd.grad(poly(xr).sum(), xr)
    return dy


def poly_second_grad(x: torch.Tensor) -> torch.Tensor:
    with torch.enable_grad():
        xr = x.detach().requires_grad_(True)
        (dy,) = torch.autograd.grad(poly(xr).sum(), xr, create_graph=True)
        (d2y,) = torch.autograd.grad(dy.sum(), xr)
    return d2y
