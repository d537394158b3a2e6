"""Wrong: `torch.Tensor(a)` (capital T) always gives float32, whatever the array's dtype."""
# fails: from_numpy_keeps_dtype_and_values
# cause: the data went through float32 (`.float()`, `torch.Tensor(...)`, a float32 dtype): keep the dtype

import numpy as np
import torch


def to_numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy()


def from_numpy(a: np.ndarray) -> torch.Tensor:
    if a.dtype == np.float32 and all(s > 0 for s in a.strides):
        return torch.from_numpy(a)
    return torch.Tensor(a.copy() if any(s < 0 for s in a.strides) else a)
