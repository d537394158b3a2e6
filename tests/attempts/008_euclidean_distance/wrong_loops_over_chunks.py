"""Wrong: pairwise_distance loops over chunks of 1024 rows of a (to bound memory): still a loop over the points."""
# fails: pairwise_has_no_python_loop

import torch


def euclidean_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return torch.linalg.vector_norm(a - b, dim=-1)


def pairwise_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return torch.cat([euclidean_distance(chunk[:, None], b[None]) for chunk in a.split(1024)])
