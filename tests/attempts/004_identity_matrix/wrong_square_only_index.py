"""Wrong: indexing the diagonal with range(rows) runs past the last column of a tall matrix."""
# fails: fill_diagonal_non_square_input

import torch


def identity(n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return fill_diagonal(torch.zeros(n, n, dtype=dtype), 1)


def fill_diagonal(x: torch.Tensor, value: float) -> torch.Tensor:
    i = torch.arange(x.shape[0])
    x[i, i] = value
    return x
