"""Wrong: reshape(-1) copies a non-contiguous tensor, so the write never reaches x."""
# fails: fill_diagonal_on_a_non_contiguous_view

import torch


def identity(n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return fill_diagonal(torch.zeros(n, n, dtype=dtype), 1)


def fill_diagonal(x: torch.Tensor, value: float) -> torch.Tensor:
    rows, cols = x.shape
    flat = x.reshape(-1)
    flat[: min(rows, cols) * (cols + 1) : cols + 1] = value
    return x
