"""Wrong: bool arrays viewed as uint8 first (an old PyTorch habit) come back as uint8 tensors."""
# fails: from_numpy_keeps_dtype_and_values
# cause: bool data became uint8: torch.from_numpy keeps a bool array as torch.bool

import numpy as np
import torch


def to_numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy()


def from_numpy(a: np.ndarray) -> torch.Tensor:
    if a.dtype == np.bool_:
        a = a.view(np.uint8)
    try:
        return torch.from_numpy(a)
    except ValueError:  # negative strides
        return torch.from_numpy(a.copy())
