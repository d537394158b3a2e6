"""Correct, written differently: an `as_strided` view that steps along the diagonal; identity via torch.diag."""

import torch


def identity(n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return torch.diag(torch.ones(n, dtype=dtype))


def fill_diagonal(x: torch.Tensor, value: float) -> torch.Tensor:
    # one step down and one step right is stride(0) + stride(1) elements, whatever the layout
    diagonal = x.as_strided((min(x.shape),), (x.stride(0) + x.stride(1),), x.storage_offset())
    diagonal.fill_(value)
    return x
