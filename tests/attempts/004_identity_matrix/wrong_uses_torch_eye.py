"""Wrong: identity() calls torch.eye, which this question forbids."""
# fails: identity_shape, identity_values, identity_dtype

import torch


def identity(n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return torch.eye(n, dtype=dtype)


def fill_diagonal(x: torch.Tensor, value: float) -> torch.Tensor:
    i = torch.arange(min(x.shape))
    x[i, i] = value
    return x
