"""Wrong: torch.where builds a new tensor, so x itself is never changed."""
# fails: fill_diagonal_modifies_x_in_place, fill_diagonal_returns_x_itself

import torch


def identity(n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return fill_diagonal(torch.zeros(n, n, dtype=dtype), 1)


def fill_diagonal(x: torch.Tensor, value: float) -> torch.Tensor:
    rows = torch.arange(x.shape[0]).unsqueeze(1)
    cols = torch.arange(x.shape[1]).unsqueeze(0)
    return torch.where(rows == cols, torch.tensor(value, dtype=x.dtype), x)
