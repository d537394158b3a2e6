"""Wrong: SwishFunction.forward computes x * sigmoid(x), ignoring beta."""
# fails: swish_function_matches_reference, swish_function_passes_gradcheck, swish_module_matches_reference
# cause: beta is ignored: it scales the sigmoid's input, x * sigmoid(beta * x)

import math

import torch
from torch import nn


def swish(x, beta=1.0):
    return x * torch.sigmoid(beta * x)


def gelu(x, approximate="none"):
    if approximate == "none":
        return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))
    if approximate == "tanh":
        return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))
    raise ValueError(approximate)


class SwishFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, beta):
        ctx.save_for_backward(x, beta)
        return x * torch.sigmoid(x)

    @staticmethod
    def backward(ctx, grad_output):
        x, beta = ctx.saved_tensors
        s = torch.sigmoid(beta * x)
        ds = s * (1 - s)
        return grad_output * (s + beta * x * ds), (grad_output * x * x * ds).sum()


class Swish(nn.Module):
    def __init__(self, learnable_beta=True):
        super().__init__()
        if learnable_beta:
            self.beta = nn.Parameter(torch.tensor(1.0))
        else:
            self.register_buffer("beta", torch.tensor(1.0))

    def forward(self, x):
        return SwishFunction.apply(x, self.beta)
