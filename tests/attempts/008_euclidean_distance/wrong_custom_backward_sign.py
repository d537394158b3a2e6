"""Wrong: a hand-written backward (to keep the gradient finite at 0) gives b the gradient of a, not its negative."""
# fails: euclidean_gradients_match_reference, pairwise_gradients_match_reference

import torch


class SafeDistance(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        diff = a - b
        dist = diff.pow(2).sum(-1).sqrt()
        ctx.save_for_backward(diff, dist)
        ctx.shapes = a.shape, b.shape
        return dist

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        diff, dist = ctx.saved_tensors
        # d dist / d a = (a - b) / dist, taken as 0 where dist == 0
        slope = torch.where(dist > 0, grad / dist, torch.zeros_like(dist)).unsqueeze(-1) * diff
        a_shape, b_shape = ctx.shapes
        return slope.sum_to_size(a_shape), slope.sum_to_size(b_shape)


def euclidean_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return SafeDistance.apply(a, b)


def pairwise_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return euclidean_distance(a[:, None, :], b[None, :, :])
