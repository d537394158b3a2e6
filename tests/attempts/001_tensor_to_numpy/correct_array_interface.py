"""Correct, written differently: `np.asarray` on `t.data` (the array interface shares memory), EAFP for a[::-1]."""

import numpy as np
import torch


def to_numpy(t: torch.Tensor) -> np.ndarray:
    data = t.data  # no autograd history, same storage
    if data.device.type != "cpu":
        data = data.to("cpu")
    return np.asarray(data)


def from_numpy(a: np.ndarray) -> torch.Tensor:
    try:
        return torch.from_numpy(a)
    except ValueError:  # negative strides: the one case that needs a copy
        return torch.from_numpy(np.array(a, copy=True))
