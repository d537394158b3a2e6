"""Wrong: the |a|^2 + |b|^2 - 2 a.b expansion, clamped before the sqrt, cancels to ~1e-3 (not 0) in float32 where
a point meets itself."""
# fails: pairwise_is_zero_where_points_coincide

import torch


def euclidean_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return torch.linalg.vector_norm(a - b, ord=2, dim=-1)  # its backward gives 0 at a == b


def pairwise_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    a_sq = (a * a).sum(dim=1)
    b_sq = (b * b).sum(dim=1)
    squared = torch.addmm(a_sq[:, None] + b_sq[None, :], a, b.T, alpha=-2.0)
    return squared.clamp_min(1e-12).sqrt()
