"""Wrong: a plain sqrt of the summed squares has a NaN gradient where a == b (sqrt's slope is infinite at 0)."""
# fails: euclidean_gradient_is_finite_where_a_equals_b, pairwise_gradient_is_finite_where_points_coincide

import torch


def euclidean_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return (a - b).pow(2).sum(-1).sqrt()


def pairwise_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return euclidean_distance(a.unsqueeze(1), b.unsqueeze(0))
