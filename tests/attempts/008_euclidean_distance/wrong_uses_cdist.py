"""Wrong: calls torch.cdist, which this question forbids."""
# fails: pairwise_output_shapes, pairwise_matches_reference, pairwise_has_no_python_loop

import torch


def euclidean_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return (a - b).pow(2).sum(-1).clamp_min(1e-12).sqrt()


def pairwise_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return torch.cdist(a, b)
