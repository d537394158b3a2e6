"""Correct attempt: sigmoid via tanh, erfc-based Phi, backward from the saved output, Swish uses SwishFunction."""

import math

import torch
from torch import nn


def _sig(z: torch.Tensor) -> torch.Tensor:
    return 0.5 * (1.0 + torch.tanh(0.5 * z))


def swish(x: torch.Tensor, beta: float | torch.Tensor = 1.0) -> torch.Tensor:
    return x * _sig(x * beta)


def gelu(x: torch.Tensor, approximate: str = "none") -> torch.Tensor:
    if approximate not in ("none", "tanh"):
        raise ValueError("approximate must be 'none' or 'tanh'")
    if approximate == "tanh":
        c = math.sqrt(2.0 / math.pi)
        inner = c * x * (1.0 + 0.044715 * x * x)
        return 0.5 * x * (1.0 + torch.tanh(inner))
    return x * 0.5 * torch.erfc(-x * (1.0 / math.sqrt(2.0)))


class SwishFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x: torch.Tensor, beta: torch.Tensor) -> torch.Tensor:
        s = _sig(beta * x)
        y = x * s
        ctx.save_for_backward(x, beta, s, y)
        return y

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor):
        x, beta, s, y = ctx.saved_tensors
        gx = gb = None
        if ctx.needs_input_grad[0]:
            gx = grad_output * (s + beta * y * (1.0 - s))
        if ctx.needs_input_grad[1]:
            gb = torch.sum(grad_output * x * y * (1.0 - s)).view_as(beta)
        return gx, gb


class Swish(nn.Module):
    def __init__(self, learnable_beta: bool = True) -> None:
        super().__init__()
        init = torch.ones(1)
        if learnable_beta:
            self.register_parameter("beta", nn.Parameter(init))
        else:
            self.register_buffer("beta", init)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return SwishFunction.apply(x, self.beta.reshape(()))
