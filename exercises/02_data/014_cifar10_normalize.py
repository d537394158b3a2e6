"""Question 14 - Load and normalise CIFAR-10.

Read one batch file of the CIFAR-10 "python version" (a dict pickled by Python 2: "data", an (N, 3072) uint8
array, and "labels", a list of N ints) into image and label tensors, compute the per-channel mean and std of
the images on the [0, 1] scale, and normalise images with them. No torchvision: plain PyTorch, NumPy, pickle.

    >>> images, labels = load_cifar_batch("cifar-10-batches-py/data_batch_1")
    >>> images.shape, images.dtype, labels.shape, labels.dtype
    (torch.Size([10000, 3, 32, 32]), torch.uint8, torch.Size([10000]), torch.int64)
    >>> mean, std = channel_stats(images)   # tensor([0.4914, 0.4822, 0.4465]), tensor([0.2470, 0.2435, 0.2616])
    >>> x = normalize(images, mean, std)    # float32 (10000, 3, 32, 32), each channel mean 0 and std 1

What the grader checks:
- `load_cifar_batch` (path a str or a pathlib.Path) on batch files written in the real format (a Python 2
  pickle, any N including 1): images (N, 3, 32, 32) uint8 exactly as stored, each row being the 1024 red values,
  then the 1024 green, then the 1024 blue ones, row-major; labels (N,) int64 in file order;
- `channel_stats` on uint8 (N, 3, H, W) images of any H and W: two float32 (3,) tensors, the mean and the
  population std (divide by the number of values, `correction=0`) of each channel over N, H and W, on the
  [0, 1] scale (pixel / 255), vs the reference, on channels with different statistics and small images;
- `channel_stats` on float32 images takes them as already in [0, 1] (no second division by 255);
- `normalize(images, mean, std)` for (N, 3, H, W) or (3, H, W) images: float32 `(x - mean) / std` per
  channel, where x is pixel / 255 for uint8 images and the values themselves for float32 images; mean and
  std are (3,) tensors or sequences of 3 floats; checked vs the reference, including images 3 pixels wide;
- end to end: `normalize(images, *channel_stats(images))` on a loaded batch has per-channel mean ~0, std ~1;
- no input is modified.
"""

from collections.abc import Sequence
from os import PathLike

import torch


def load_cifar_batch(path: str | PathLike) -> tuple[torch.Tensor, torch.Tensor]:
    """One CIFAR-10 python batch file -> (images uint8 (N, 3, 32, 32), labels int64 (N,))."""
    # TODO
    raise NotImplementedError


def channel_stats(images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(N, 3, H, W) images -> (mean (3,), std (3,)) per channel, float32, on the [0, 1] scale."""
    # TODO
    raise NotImplementedError


def normalize(
    images: torch.Tensor, mean: torch.Tensor | Sequence[float], std: torch.Tensor | Sequence[float]
) -> torch.Tensor:
    """(N, 3, H, W) or (3, H, W) images -> float32 of the same shape, each channel (x - mean) / std."""
    # TODO
    raise NotImplementedError
