"""Correct, written differently: numpy(force=True), and as_tensor with a copy only for negative strides."""

import numpy as np
import torch


def to_numpy(t: torch.Tensor) -> np.ndarray:
    return t.numpy(force=True)


def from_numpy(a: np.ndarray) -> torch.Tensor:
    try:
        return torch.from_numpy(a)
    except ValueError:  # negative strides
        return torch.as_tensor(a.copy())
