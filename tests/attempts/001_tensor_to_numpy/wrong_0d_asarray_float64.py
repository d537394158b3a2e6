"""Wrong: `np.asarray(t, dtype=np.float64)` for 0-d tensors ("a scalar is a float") loses their dtype."""
# fails: to_numpy_keeps_dtype_and_values

import numpy as np
import torch


def to_numpy(t: torch.Tensor) -> np.ndarray:
    t = t.detach().cpu()
    if t.ndim == 0:
        return np.asarray(t, dtype=np.float64)
    return t.numpy()


def from_numpy(a: np.ndarray) -> torch.Tensor:
    try:
        return torch.from_numpy(a)
    except ValueError:  # negative strides
        return torch.from_numpy(a.copy())
