"""Wrong: a 0-d tensor special-cased as `np.array(t.item())` becomes a float64 (or int64) copy."""
# fails: to_numpy_keeps_dtype_and_values, to_numpy_shares_memory
# cause: a 0-d tensor became a Python number (`.item()`, `float(t)`), which NumPy stores as float64 or int64

import numpy as np
import torch


def to_numpy(t: torch.Tensor) -> np.ndarray:
    t = t.detach().cpu()
    if t.dim() == 0:
        return np.array(t.item())
    return t.numpy()


def from_numpy(a: np.ndarray) -> torch.Tensor:
    try:
        return torch.from_numpy(a)
    except ValueError:  # negative strides
        return torch.from_numpy(a.copy())
