"""Question 1 - Tensor to NumPy and back.

Convert a tensor to a NumPy array and a NumPy array back to a tensor, sharing memory wherever
possible, the way you would hand data between PyTorch and NumPy code without copying it.

    >>> t = torch.arange(6.0).reshape(2, 3)
    >>> a = to_numpy(t)
    >>> a[0, 0] = 100.0            # no copy: the tensor sees the change
    >>> t[0, 0].item()
    100.0
    >>> from_numpy(np.zeros(3, dtype=np.int64)).dtype
    torch.int64

What the grader checks:
- shape, dtype and values are preserved both ways (float16/32/64, int64, uint8, bool), for 0-d tensors
  and arrays too (a 0-d float32 tensor gives a 0-d float32 array, not a Python float or a float64);
- `to_numpy` works on a tensor that requires grad, and on a tensor on a GPU (moved to the CPU): the grader
  passes a tensor that reports device cuda:0 and refuses `.numpy()`, as a real GPU tensor does;
- no copy: the result shares memory with the input for a CPU tensor without grad and for `from_numpy`,
  also for 0-d and non-contiguous inputs (a transposed tensor or array, a strided slice);
- non-contiguous inputs work, including a reversed array (`a[::-1]`, which PyTorch cannot view without
  a copy: the one case where a copy is fine);
- the inputs are not modified (their values and the tensor's `requires_grad` flag).
"""

import numpy as np
import torch


def to_numpy(t: torch.Tensor) -> np.ndarray:
    """Return `t` as a NumPy array of the same shape, dtype and values, without copying when possible."""
    # TODO: what stops `t.numpy()` on a tensor that requires grad, or on a CUDA tensor?
    raise NotImplementedError


def from_numpy(a: np.ndarray) -> torch.Tensor:
    """Return `a` as a tensor of the same shape, dtype and values, sharing memory with `a` when possible."""
    # TODO
    raise NotImplementedError
