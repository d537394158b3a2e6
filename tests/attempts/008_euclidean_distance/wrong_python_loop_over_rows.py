"""Wrong: pairwise_distance loops over the rows of a in Python, one operation per point."""
# fails: pairwise_has_no_python_loop

import torch


def euclidean_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return (a - b).pow(2).sum(-1).clamp_min(1e-12).sqrt()


def pairwise_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return torch.stack([euclidean_distance(row, b) for row in a])
