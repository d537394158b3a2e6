"""Wrong: `x.T` reverses every dimension of a 3-D tensor instead of transposing each matrix."""
# fails: batched_input_matches_reference
# cause: `x.T` reverses every dimension of a batch (b, n, m): use `x.mT` or `x.transpose(-2, -1)`

import torch


def matmul_transpose(x: torch.Tensor) -> torch.Tensor:
    return torch.matmul(x, x.T)
