"""Wrong: for a reversed array it copies and then clears the caller's array ("free the old buffer")."""
# fails: from_numpy_handles_non_contiguous_arrays

import numpy as np
import torch


def to_numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy()


def from_numpy(a: np.ndarray) -> torch.Tensor:
    if any(s < 0 for s in a.strides):
        b = a.copy()
        a[...] = 0
        return torch.from_numpy(b)
    return torch.from_numpy(a)
