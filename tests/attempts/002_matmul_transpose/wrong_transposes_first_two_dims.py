"""Wrong: `transpose(0, 1)` is the matrix transpose only for 2-D input; on a batch it swaps the batch and row dims."""
# fails: batched_input_matches_reference, output_is_symmetric
# cause: `x.transpose(0, 1)` swaps the batch and row dimensions of a batch: use `x.mT` (the last two)

import torch


def matmul_transpose(x: torch.Tensor) -> torch.Tensor:
    return x @ x.transpose(0, 1)
