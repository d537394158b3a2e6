"""Wrong: the norm is taken in float32 and cast back, so float64 inputs get float32 accuracy (and range)."""
# fails: euclidean_matches_reference, pairwise_matches_reference
# cause: the distance was computed in float32 (a `.float()` cast, a float32 tensor): float64 needs float64 math

import torch


def euclidean_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return torch.linalg.vector_norm((a - b).float(), dim=-1).to(torch.promote_types(a.dtype, b.dtype))


def pairwise_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return euclidean_distance(a[:, None], b[None])
