"""Question 14 - Load and normalise CIFAR-10 (reference)."""

import pickle
from collections.abc import Sequence
from os import PathLike

import numpy as np
import torch


def load_cifar_batch(path: str | PathLike) -> tuple[torch.Tensor, torch.Tensor]:
    with open(path, "rb") as f:
        batch = pickle.load(f, encoding="bytes")  # keys are bytes: b"data", b"labels"
    data = np.asarray(batch[b"data"], dtype=np.uint8)  # (N, 3072): 1024 R, then 1024 G, then 1024 B
    images = torch.from_numpy(data.reshape(-1, 3, 32, 32).copy())  # (N, 3, 32, 32), channels first as stored
    labels = torch.tensor(batch[b"labels"], dtype=torch.int64)  # (N,)
    return images, labels


def _unit_scale(images: torch.Tensor) -> torch.Tensor:
    return images if images.is_floating_point() else images.float() / 255


def channel_stats(images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    x = _unit_scale(images)  # (N, 3, H, W) in [0, 1]
    return x.mean(dim=(0, 2, 3)), x.std(dim=(0, 2, 3), correction=0)  # (3,), (3,)


def normalize(
    images: torch.Tensor, mean: torch.Tensor | Sequence[float], std: torch.Tensor | Sequence[float]
) -> torch.Tensor:
    x = _unit_scale(images).float()  # (..., 3, H, W)
    mean = torch.as_tensor(mean, dtype=torch.float32).view(3, 1, 1)  # broadcast over H and W
    std = torch.as_tensor(std, dtype=torch.float32).view(3, 1, 1)
    return (x - mean) / std
