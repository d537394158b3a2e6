"""Wrong: `b.reshape(n, -1)` folds a 1-D b whose length is a multiple of a's rows into several columns, so
(3, 2) with (6,) gives a (3, 4) result instead of a ValueError."""
# fails: mismatched_rows_raise_value_error

import torch


def concat_columns(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    n = a.shape[0]
    a2 = a.reshape(n, -1)
    b2 = b.reshape(n, -1) if b.dim() == 1 and b.numel() % n == 0 else b.reshape(b.shape[0], -1)
    if a2.shape[0] != b2.shape[0]:
        raise ValueError(f"row counts differ: {tuple(a.shape)} and {tuple(b.shape)}")
    return torch.cat([a2, b2], dim=1)
