"""Wrong: torch.from_numpy cannot take an array with negative strides such as a[::-1]."""
# fails: from_numpy_handles_non_contiguous_arrays

import numpy as np
import torch


def to_numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy()


def from_numpy(a: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(a)
