"""Wrong: gelu calls `torch.ops.aten.gelu.default`, the forbidden F.gelu under its ATen overload."""
# fails: gelu_matches_reference, gelu_gradients_match_reference, large_inputs_give_finite_values_and_gradients

import math

import torch
from torch import nn


def swish(x: torch.Tensor, beta: float | torch.Tensor = 1.0) -> torch.Tensor:
    """x * sigmoid(beta * x), same shape as x; beta is a float or a 0-d tensor."""
    return x * torch.sigmoid(beta * x)


def gelu(x: torch.Tensor, approximate: str = "none") -> torch.Tensor:
    """GELU of x: exact ("none", with erf) or the "tanh" approximation; same shape as x."""
    if approximate in ("none", "tanh"):
        return torch.ops.aten.gelu.default(x, approximate=approximate)
    if approximate == "tanh":
        inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)
        return 0.5 * x * (1.0 + torch.tanh(inner))
    raise ValueError(f"approximate must be 'none' or 'tanh', got {approximate!r}")


class SwishFunction(torch.autograd.Function):
    """Swish with a hand-written backward: `SwishFunction.apply(x, beta)`, beta a 0-d tensor."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, beta: torch.Tensor) -> torch.Tensor:
        s = torch.sigmoid(beta * x)
        ctx.save_for_backward(x, beta, s)
        return x * s

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor) -> tuple[torch.Tensor | None, torch.Tensor | None]:
        x, beta, s = ctx.saved_tensors
        ds = s * (1 - s)
        grad_x = grad_beta = None
        if ctx.needs_input_grad[0]:
            grad_x = grad_output * (s + beta * x * ds)
        if ctx.needs_input_grad[1]:
            grad_beta = (grad_output * x * x * ds).sum().reshape(beta.shape)
        return grad_x, grad_beta


class Swish(nn.Module):
    """Swish as a module; `beta` starts at 1.0 and is learned when `learnable_beta` is True."""

    def __init__(self, learnable_beta: bool = True) -> None:
        super().__init__()
        if learnable_beta:
            self.beta = nn.Parameter(torch.tensor(1.0))
        else:
            self.register_buffer("beta", torch.tensor(1.0))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return swish(x, self.beta)
