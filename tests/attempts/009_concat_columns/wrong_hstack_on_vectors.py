"""Wrong: torch.hstack joins two 1-D tensors end to end into one long vector instead of two columns."""
# fails: output_shapes, one_d_inputs_become_columns
# cause: torch.hstack joins two 1-D tensors end to end: make each a column (n, 1) first

import torch


def concat_columns(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"row counts differ: {tuple(a.shape)} vs {tuple(b.shape)}")
    return torch.hstack((a, b))
