"""Wrong: pairwise_distance fills the (n, m) matrix one pair at a time, far too slow for 2000 x 1500 points."""
# fails: pairwise_handles_large_inputs, pairwise_has_no_python_loop

import torch


def euclidean_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return (a - b).pow(2).sum(-1).clamp_min(1e-12).sqrt()


def pairwise_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    rows = [torch.stack([euclidean_distance(x, y) for y in b]) for x in a]
    return torch.stack(rows)
