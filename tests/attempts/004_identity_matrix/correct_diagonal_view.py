"""Correct, written differently: comparison of index grids for identity, a diagonal() view for the fill."""

import torch


def identity(n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    idx = torch.arange(n)
    return (idx[:, None] == idx[None, :]).to(dtype)


def fill_diagonal(x: torch.Tensor, value: float) -> torch.Tensor:
    x.diagonal().fill_(value)  # diagonal() is a view: fill_ writes through to x
    return x
