"""Wrong: gelu calls F.gelu, which this question forbids."""
# fails: gelu_matches_reference, gelu_gradients_match_reference, large_inputs_give_finite_values_and_gradients

import torch
import torch.nn.functional as F
from torch import nn


def swish(x, beta=1.0):
    return x * torch.sigmoid(beta * x)


def gelu(x, approximate="none"):
    return F.gelu(x, approximate=approximate)


class SwishFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, beta):
        ctx.save_for_backward(x, beta)
        return x * torch.sigmoid(beta * x)

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
