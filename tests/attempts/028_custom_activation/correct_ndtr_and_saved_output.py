"""Correct, written differently: torch.special.ndtr for Phi, the sigmoid form of the tanh GELU, swish through
SwishFunction, and a backward written in terms of the saved output."""

import math

import torch
from torch import nn

_K = 2.0 * math.sqrt(2.0 / math.pi)  # 0.5 * (1 + tanh(z)) == sigmoid(2 z)


class SwishFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, beta):
        s = torch.sigmoid(x * beta)
        y = x * s
        ctx.save_for_backward(x, beta, s, y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        x, beta, s, y = ctx.saved_tensors
        one_minus = 1.0 - s
        grad_x = grad_beta = None
        if ctx.needs_input_grad[0]:
            grad_x = grad_output * (s + beta * y * one_minus)  # s + beta * x * s * (1 - s)
        if ctx.needs_input_grad[1]:
            grad_beta = (grad_output * x * y * one_minus).sum().reshape(beta.shape)
        return grad_x, grad_beta


def swish(x, beta=1.0):
    if not isinstance(beta, torch.Tensor):
        beta = torch.tensor(beta, dtype=x.dtype)
    return SwishFunction.apply(x, beta)


def gelu(x, approximate="none"):
    if approximate == "tanh":
        return x * torch.sigmoid(_K * (x + 0.044715 * x * x * x))
    if approximate != "none":
        raise ValueError(f"unknown approximate {approximate!r}")
    return x * torch.special.ndtr(x)


class Swish(nn.Module):
    def __init__(self, learnable_beta=True):
        super().__init__()
        beta = torch.ones(1)
        if learnable_beta:
            self.register_parameter("beta", nn.Parameter(beta))
        else:
            self.register_buffer("beta", beta)

    def forward(self, x):
        return x * torch.sigmoid(self.beta * x)
