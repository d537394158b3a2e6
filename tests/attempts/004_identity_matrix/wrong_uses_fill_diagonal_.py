"""Wrong: fill_diagonal() calls Tensor.fill_diagonal_, which this question forbids."""
# fails: fill_diagonal_square_input, fill_diagonal_non_square_input, fill_diagonal_modifies_x_in_place

import torch


def identity(n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    x = torch.zeros(n, n, dtype=dtype)
    for i in range(n):
        x[i, i] = 1
    return x


def fill_diagonal(x: torch.Tensor, value: float) -> torch.Tensor:
    return x.fill_diagonal_(value)
