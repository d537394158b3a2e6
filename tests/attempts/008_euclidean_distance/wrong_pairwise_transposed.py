"""Wrong: pairwise_distance broadcasts b over a the other way round and returns the (m, n) matrix."""
# fails: pairwise_output_shapes, pairwise_matches_reference

import torch


def euclidean_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return (a - b).pow(2).sum(-1).clamp_min(1e-12).sqrt()


def pairwise_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return euclidean_distance(a[None, :, :], b[:, None, :])
