"""Wrong: writing the diagonal as x * (1 - eye) + value * eye with a float32 mask fails on an int64 `x`."""
# fails: fill_diagonal_keeps_the_dtype

import torch


def identity(n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return fill_diagonal(torch.zeros(n, n, dtype=dtype), 1)


def fill_diagonal(x: torch.Tensor, value: float) -> torch.Tensor:
    rows, cols = x.shape
    eye = (torch.arange(rows)[:, None] == torch.arange(cols)).float()  # (r, c): 1 on the main diagonal
    return x.mul_(1 - eye).add_(value * eye)
