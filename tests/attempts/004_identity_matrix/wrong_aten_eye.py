"""Wrong: `torch.ops.aten.eye` is torch.eye under its dispatcher name, and just as forbidden."""
# fails: identity_shape, identity_values, identity_dtype

import torch


def identity(n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return torch.ops.aten.eye(n, dtype=dtype)


def fill_diagonal(x: torch.Tensor, value: float) -> torch.Tensor:
    x.diagonal().fill_(value)
    return x
