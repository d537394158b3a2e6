"""Wrong: converting through float32 loses the dtype of integer, float64 and bool data."""
# fails: to_numpy_keeps_dtype_and_values, from_numpy_keeps_dtype_and_values
# cause: the data went through float32 (`.float()`, `torch.Tensor(...)`, a float32 dtype): keep the dtype

import numpy as np
import torch


def to_numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().float().numpy()


def from_numpy(a: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32))
