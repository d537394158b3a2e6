"""Wrong: `torch.ops.aten.fill_diagonal_` is the forbidden Tensor.fill_diagonal_ under its dispatcher name."""
# fails: fill_diagonal_square_input, fill_diagonal_non_square_input, fill_diagonal_modifies_x_in_place

import torch


def identity(n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return fill_diagonal(torch.zeros(n, n, dtype=dtype), 1)


def fill_diagonal(x: torch.Tensor, value: float) -> torch.Tensor:
    torch.ops.aten.fill_diagonal_(x, value)
    return x
