"""Correct, written differently: a custom autograd.Function whose backward is diff / d (0 where d == 0), and the
pairs built with expand."""

import torch


class Norm(torch.autograd.Function):
    @staticmethod
    def forward(ctx, diff: torch.Tensor) -> torch.Tensor:
        d = diff.pow(2).sum(-1).sqrt()
        ctx.save_for_backward(diff, d)
        return d

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> torch.Tensor:
        diff, d = ctx.saved_tensors
        scale = torch.where(d > 0, grad / torch.where(d > 0, d, torch.ones_like(d)), torch.zeros_like(d))
        return diff * scale.unsqueeze(-1)


def euclidean_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return Norm.apply(a - b)


def pairwise_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    n, m = a.shape[0], b.shape[0]
    return euclidean_distance(a.unsqueeze(1).expand(n, m, -1), b.unsqueeze(0).expand(n, m, -1))
