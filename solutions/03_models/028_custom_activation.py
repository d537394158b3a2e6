"""Question 28 - Swish and GELU from scratch (reference)."""

import math

import torch
from torch import nn

SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


def swish(x: torch.Tensor, beta: float | torch.Tensor = 1.0) -> torch.Tensor:
    return x * torch.sigmoid(beta * x)  # torch.sigmoid is stable where 1 / (1 + exp(-x)) overflows


def gelu(x: torch.Tensor, approximate: str = "none") -> torch.Tensor:
    if approximate == "none":
        return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))  # x * Phi(x)
    if approximate == "tanh":
        return 0.5 * x * (1.0 + torch.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x**3)))
    raise ValueError(f"approximate must be 'none' or 'tanh', got {approximate!r}")


class SwishFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x: torch.Tensor, beta: torch.Tensor) -> torch.Tensor:
        ctx.save_for_backward(x, beta)
        return x * torch.sigmoid(beta * x)

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor) -> tuple[torch.Tensor | None, torch.Tensor | None]:
        x, beta = ctx.saved_tensors
        s = torch.sigmoid(beta * x)
        ds = s * (1 - s)  # sigmoid'(beta * x)
        grad_x = grad_output * (s + beta * x * ds) if ctx.needs_input_grad[0] else None
        grad_beta = (grad_output * x * x * ds).sum_to_size(beta.shape) if ctx.needs_input_grad[1] else None
        return grad_x, grad_beta


class Swish(nn.Module):
    def __init__(self, learnable_beta: bool = True) -> None:
        super().__init__()
        beta = torch.tensor(1.0)
        if learnable_beta:
            self.beta = nn.Parameter(beta)
        else:
            self.register_buffer("beta", beta)  # moves with .to() and is saved, but is not trained

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return SwishFunction.apply(x, self.beta)
