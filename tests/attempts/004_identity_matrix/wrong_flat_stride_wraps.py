"""Wrong: every (cols + 1)-th element of the flattened tensor wraps around to a new diagonal on a tall matrix."""
# fails: fill_diagonal_non_square_input
# cause: the flat stride `view(-1)[::c + 1]` wraps past the last column of a tall (r > c) tensor: stop at min(r, c)

import torch


def identity(n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return fill_diagonal(torch.zeros(n, n, dtype=dtype), 1)


def fill_diagonal(x: torch.Tensor, value: float) -> torch.Tensor:
    x.view(-1)[:: x.shape[1] + 1] = value
    return x
