"""Wrong: fill_diagonal writes in place but returns None instead of x."""
# fails: fill_diagonal_returns_x_itself

import torch


def identity(n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    x = torch.zeros(n, n, dtype=dtype)
    fill_diagonal(x, 1)
    return x


def fill_diagonal(x: torch.Tensor, value: float) -> None:
    for i in range(min(x.shape)):
        x[i, i] = value
