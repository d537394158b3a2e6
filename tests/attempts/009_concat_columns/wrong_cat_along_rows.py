"""Wrong: torch.cat without dim= joins along dim 0, stacking the rows of b under a instead of its columns beside."""
# fails: output_shapes, two_d_inputs_match_reference
# cause: the tensors were joined along dim 0 (rows): columns are dim=1

import torch


def concat_columns(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    if a.dim() == 1:
        a = a[:, None]
    if b.dim() == 1:
        b = b[:, None]
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"row counts differ: {tuple(a.shape)} vs {tuple(b.shape)}")
    return torch.cat((a, b))
