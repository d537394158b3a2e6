"""Wrong: `np.ascontiguousarray(a)` before `torch.from_numpy` copies strided arrays that PyTorch could view."""
# fails: from_numpy_shares_memory

import numpy as np
import torch


def to_numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy()


def from_numpy(a: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(a))
