"""Wrong: the `out.squeeze().detach().cpu().numpy()` idiom drops size-1 dimensions: (1,) comes back as ()."""
# fails: to_numpy_keeps_the_shape

import numpy as np
import torch


def to_numpy(t: torch.Tensor) -> np.ndarray:
    return t.squeeze().detach().cpu().numpy()


def from_numpy(a: np.ndarray) -> torch.Tensor:
    if any(stride < 0 for stride in a.strides):
        a = np.ascontiguousarray(a)
    return torch.from_numpy(a)
