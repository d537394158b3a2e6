"""Wrong: euclidean_distance sums over dim=1, which is the last dimension only for 2-D inputs."""
# fails: euclidean_output_shapes, euclidean_matches_reference

import torch


def euclidean_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return torch.sqrt(torch.clamp(torch.sum((a - b) ** 2, dim=1), min=1e-12))


def pairwise_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return torch.sqrt(torch.clamp(torch.sum((a[:, None, :] - b[None, :, :]) ** 2, dim=2), min=1e-12))
