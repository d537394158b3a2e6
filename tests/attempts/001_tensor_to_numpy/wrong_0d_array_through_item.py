"""Wrong: a 0-d array special-cased as `torch.tensor(a.item())` gets torch's default dtype, and is a copy."""
# fails: from_numpy_keeps_dtype_and_values, from_numpy_shares_memory
# cause: `torch.tensor(a.item())` gives torch's default dtype (float32, int64), not the array's

import numpy as np
import torch


def to_numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy()


def from_numpy(a: np.ndarray) -> torch.Tensor:
    if a.ndim == 0:
        return torch.tensor(a.item())
    try:
        return torch.from_numpy(a)
    except ValueError:  # negative strides
        return torch.from_numpy(a.copy())
