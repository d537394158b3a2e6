"""Question 9 - Column-wise concatenation with torch.cat (reference)."""

import torch


def concat_columns(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    # A 1-D tensor is one column: (n,) -> (n, 1).
    a2 = a.unsqueeze(1) if a.dim() == 1 else a
    b2 = b.unsqueeze(1) if b.dim() == 1 else b
    if a2.shape[0] != b2.shape[0]:
        raise ValueError(f"row counts differ: a has shape {tuple(a.shape)}, b has shape {tuple(b.shape)}")
    return torch.cat([a2, b2], dim=1)
