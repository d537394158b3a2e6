"""Question 1 - Tensor to NumPy and back (reference)."""

import numpy as np
import torch


def to_numpy(t: torch.Tensor) -> np.ndarray:
    # detach: numpy() refuses tensors that require grad; cpu() is a no-op for CPU tensors (no copy).
    return t.detach().cpu().numpy()


def from_numpy(a: np.ndarray) -> torch.Tensor:
    if any(stride < 0 for stride in a.strides):
        a = np.ascontiguousarray(a)  # tensors cannot have negative strides: copy only in this case
    return torch.from_numpy(a)
