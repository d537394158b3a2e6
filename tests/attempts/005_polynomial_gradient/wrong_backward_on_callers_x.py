"""Wrong: calling backward() on the caller's own x accumulates into (and leaves behind) its .grad."""
# fails: caller_grad_is_untouched

import torch


def poly_grad(x: torch.Tensor) -> torch.Tensor:
    with torch.enable_grad():
        x.requires_grad_(True)
        y = x**3 + 2 * x**2 - 5 * x + 1
        y.sum().backward()
    return x.grad.clone()


def poly_second_grad(x: torch.Tensor) -> torch.Tensor:
    with torch.enable_grad():
        x.requires_grad_(True)
        y = x**3 + 2 * x**2 - 5 * x + 1
        (dy,) = torch.autograd.grad(y.sum(), x, create_graph=True)
        dy.sum().backward()
    return x.grad.clone()
