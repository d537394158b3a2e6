"""Wrong: `torch.ops.aten.diag_embed` is the forbidden torch.diag_embed under another name."""
# fails: identity_shape, identity_values, identity_dtype

import torch


def identity(n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return torch.ops.aten.diag_embed(torch.ones(n, dtype=dtype))


def fill_diagonal(x: torch.Tensor, value: float) -> torch.Tensor:
    x.diagonal().fill_(value)
    return x
