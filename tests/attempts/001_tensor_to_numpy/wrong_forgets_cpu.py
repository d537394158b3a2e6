"""Wrong: `t.detach().numpy()` without `.cpu()` raises for a tensor on a GPU."""
# fails: to_numpy_moves_a_gpu_tensor_to_the_cpu, to_numpy_moves_a_cuda_tensor_to_the_cpu

import numpy as np
import torch


def to_numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().numpy()


def from_numpy(a: np.ndarray) -> torch.Tensor:
    if any(stride < 0 for stride in a.strides):
        a = np.ascontiguousarray(a)
    return torch.from_numpy(a)
