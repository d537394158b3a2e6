"""Wrong: `t.numpy()` refuses a tensor that requires grad (and a CUDA tensor)."""
# fails: to_numpy_works_on_a_tensor_that_requires_grad

import numpy as np
import torch


def to_numpy(t: torch.Tensor) -> np.ndarray:
    return t.numpy()


def from_numpy(a: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(a) if any(s < 0 for s in a.strides) else a)
