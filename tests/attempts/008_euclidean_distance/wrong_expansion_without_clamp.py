"""Wrong: |a|^2 + |b|^2 - 2 a.b goes slightly negative by round-off at coincident points, and sqrt gives NaN."""
# fails: pairwise_is_zero_where_points_coincide, pairwise_gradient_is_finite_where_points_coincide

import torch


def euclidean_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return torch.linalg.vector_norm(a - b, dim=-1)


def pairwise_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    squared = a.pow(2).sum(1, keepdim=True) + b.pow(2).sum(1) - 2 * a @ b.T
    return squared.sqrt()
