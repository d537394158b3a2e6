"""Wrong: never looks at the magic bytes, so a file that is not IDX gives garbage instead of ValueError."""
# fails: bad_magic_raises_value_error

import gzip
import struct

import numpy as np
import torch

DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path):
    with gzip.open(path, "rb") if str(path).endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    if len(data) < 4:
        raise ValueError("file too short")
    code, ndim = data[2], data[3]
    if code not in DTYPES:
        raise ValueError(f"unknown type code {code}")
    if ndim == 0:
        raise ValueError("no dimensions")
    if len(data) < 4 + 4 * ndim:
        raise ValueError("header cut short")
    shape = struct.unpack(">" + "I" * ndim, data[4 : 4 + 4 * ndim])
    dtype = np.dtype(DTYPES[code])
    body = data[4 + 4 * ndim :]
    if len(body) != int(np.prod(shape)) * dtype.itemsize:
        raise ValueError("size mismatch")
    array = np.frombuffer(body, dtype=dtype).reshape(shape)
    return torch.from_numpy(array.astype(dtype.newbyteorder("=")))


def save_pt(images, labels, path):
    torch.save((images.clone(), labels.long().clone()), path)


def load_pt(path):
    images, labels = torch.load(path, weights_only=True)
    return images, labels
