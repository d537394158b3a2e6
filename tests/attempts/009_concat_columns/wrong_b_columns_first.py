"""Wrong: `torch.cat([b, a], dim=1)` puts the columns of b first."""
# fails: two_d_inputs_match_reference, one_d_inputs_become_columns
# cause: b's columns came first: the columns of a go on the left

import torch


def concat_columns(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    a2 = a.unsqueeze(1) if a.dim() == 1 else a
    b2 = b.unsqueeze(1) if b.dim() == 1 else b
    if a2.shape[0] != b2.shape[0]:
        raise ValueError(f"row counts differ: {tuple(a.shape)} and {tuple(b.shape)}")
    return torch.cat([b2, a2], dim=1)
