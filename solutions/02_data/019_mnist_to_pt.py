"""Question 19 - MNIST IDX files to .pt (reference)."""

import gzip
import math
from pathlib import Path

import numpy as np
import torch

# IDX type code -> dtype of the data in the file (big-endian).
IDX_DTYPES = {0x08: np.dtype("u1"), 0x09: np.dtype("i1"), 0x0B: np.dtype(">i2"), 0x0C: np.dtype(">i4"),
              0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8")}  # fmt: skip


def read_idx(path: str | Path) -> torch.Tensor:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError(f"{path}: not an IDX file (bad magic number)")
    code, ndim = data[2], data[3]
    if code not in IDX_DTYPES:
        raise ValueError(f"{path}: unknown IDX type code {code:#04x}")
    if ndim == 0:
        raise ValueError(f"{path}: the IDX header has 0 dimensions")
    start = 4 + 4 * ndim
    if len(data) < start:
        raise ValueError(f"{path}: the header is cut short")
    shape = tuple(int(d) for d in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    dtype = IDX_DTYPES[code]
    if len(data) - start != math.prod(shape) * dtype.itemsize:
        raise ValueError(f"{path}: {len(data) - start} bytes of data do not fill shape {shape} of {dtype}")
    array = np.frombuffer(data, dtype=dtype, offset=start).reshape(shape)
    return torch.from_numpy(array.astype(dtype.newbyteorder("=")))  # a native-order, writable copy


def save_pt(images: torch.Tensor, labels: torch.Tensor, path: str | Path) -> None:
    # clone(): torch.save writes a view's whole storage (images[:5] of 60000 would store all 60000)
    torch.save((images.to(torch.uint8).clone(), labels.to(torch.int64).clone()), path)


def load_pt(path: str | Path) -> tuple[torch.Tensor, torch.Tensor]:
    images, labels = torch.load(path, weights_only=True)  # plain tensors only: no arbitrary pickles
    return images, labels
