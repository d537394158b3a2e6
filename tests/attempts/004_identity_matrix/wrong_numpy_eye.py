"""Wrong: `np.eye` is torch.eye by another library: the question forbids NumPy's ready-made identity too."""
# fails: identity_shape, identity_values, identity_dtype

import numpy as np
import torch


def identity(n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return torch.from_numpy(np.eye(n)).to(dtype)


def fill_diagonal(x: torch.Tensor, value: float) -> torch.Tensor:
    x.diagonal().fill_(value)
    return x
