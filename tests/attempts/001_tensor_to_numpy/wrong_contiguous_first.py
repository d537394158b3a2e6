"""Wrong: `.contiguous()` before `.numpy()` copies a transposed or sliced tensor that NumPy could view."""
# fails: to_numpy_shares_memory

import numpy as np
import torch


def to_numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().contiguous().numpy()


def from_numpy(a: np.ndarray) -> torch.Tensor:
    try:
        return torch.from_numpy(a)
    except ValueError:  # negative strides
        return torch.from_numpy(a.copy())
