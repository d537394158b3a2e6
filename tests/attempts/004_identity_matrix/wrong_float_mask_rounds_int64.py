"""Wrong: `x * (1 - mask) + value * mask` with a float32 mask computes in float32, rounding large int64 entries."""
# fails: fill_diagonal_keeps_the_dtype
# cause: the data went through float32 (a float mask, float arithmetic): it rounds int64 entries above 2**24, and 0.1

import torch


def identity(n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return fill_diagonal(torch.zeros(n, n, dtype=dtype), 1)


def fill_diagonal(x: torch.Tensor, value: float) -> torch.Tensor:
    rows, cols = x.shape
    mask = (torch.arange(rows)[:, None] == torch.arange(cols)[None, :]).float()  # (r, c)
    x.copy_(x * (1 - mask) + value * mask)
    return x
