"""Wrong: `torch._refs.eye`, the Python reference implementation of torch.eye, is torch.eye all the same."""
# fails: identity_shape, identity_values, identity_dtype

import torch
import torch._refs


def identity(n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return torch._refs.eye(n, dtype=dtype)


def fill_diagonal(x: torch.Tensor, value: float) -> torch.Tensor:
    x.diagonal().fill_(value)
    return x
