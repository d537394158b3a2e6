"""Wrong: load_pt unpacks `torch.load(path, weights_only=False)` into (images, labels): a file shaped like
(images, labels) runs whatever its pickle calls."""

# fails: load_pt_refuses_arbitrary_pickles
import gzip
import struct
from pathlib import Path

import numpy as np
import torch

_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path):
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        raise ValueError(f"{path}: bad magic number")
    code, ndim = raw[2], raw[3]
    if code not in _TYPES:
        raise ValueError(f"{path}: unknown type code {code:#x}")
    if ndim == 0:
        raise ValueError(f"{path}: zero dimensions")
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"{path}: header cut short")
    dims = struct.unpack(">" + "I" * ndim, raw[4:header])
    dtype = np.dtype(_TYPES[code])
    if len(raw) - header != int(np.prod(dims)) * dtype.itemsize:
        raise ValueError(f"{path}: data size does not match the dimensions {dims}")
    arr = np.frombuffer(raw, dtype=dtype, offset=header).reshape(dims)
    return torch.from_numpy(arr.astype(dtype.newbyteorder("=")))


def save_pt(images, labels, path):
    torch.save((images.to(torch.uint8).clone(), labels.to(torch.int64).clone()), path)


def load_pt(path):
    images, labels = torch.load(path, weights_only=False)
    return images, labels
