"""Wrong: the ValueError says the row counts differ but not what the two shapes are."""
# fails: error_message_names_both_shapes

import torch


def concat_columns(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    a = a.unsqueeze(-1) if a.ndim == 1 else a
    b = b.unsqueeze(-1) if b.ndim == 1 else b
    if len(a) != len(b):
        raise ValueError("a and b must have the same number of rows")
    return torch.cat((a, b), dim=-1)
