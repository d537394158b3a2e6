"""Wrong: differentiating with respect to x itself fails when x does not require grad."""
# fails: works_when_x_does_not_require_grad, works_inside_no_grad

import torch


def poly(x: torch.Tensor) -> torch.Tensor:
    return x**3 + 2 * x**2 - 5 * x + 1


def poly_grad(x: torch.Tensor) -> torch.Tensor:
    (dy,) = torch.autograd.grad(poly(x).sum(), x)
    return dy


def poly_second_grad(x: torch.Tensor) -> torch.Tensor:
    (dy,) = torch.autograd.grad(poly(x).sum(), x, create_graph=True)
    (d2y,) = torch.autograd.grad(dy.sum(), x)
    return d2y
