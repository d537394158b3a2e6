"""Wrong: `fill_(int(value))` truncates a float value: -2.5 is written as -2."""
# fails: fill_diagonal_square_input, fill_diagonal_non_square_input, fill_diagonal_keeps_the_dtype
# cause: `value` was converted to an int: a float value such as -2.5 must stay -2.5

import torch


def identity(n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return fill_diagonal(torch.zeros(n, n, dtype=dtype), 1)


def fill_diagonal(x: torch.Tensor, value: float) -> torch.Tensor:
    x.diagonal().fill_(int(value))
    return x
