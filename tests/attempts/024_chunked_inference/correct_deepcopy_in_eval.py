"""Correct, written differently: the caller's model is never touched; a deep copy runs in eval mode, the rows
are converted with torch.as_tensor, and the loop runs under the inference_mode decorator."""

import copy

import numpy as np
import torch
from torch import nn


@torch.inference_mode()
def predict_in_batches(model: nn.Module, data: np.ndarray | np.memmap, batch_size: int) -> np.ndarray:
    frozen = copy.deepcopy(model).eval()
    n = len(data)
    parts = [
        frozen(torch.as_tensor(np.array(data[i : min(i + batch_size, n)]), dtype=torch.float32)).numpy()
        for i in range(0, n, batch_size)
    ]
    return np.concatenate(parts, axis=0)
