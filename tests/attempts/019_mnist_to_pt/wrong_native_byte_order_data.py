"""Wrong: reads the data in native (little-endian) byte order: multi-byte values come out byte-swapped."""
# fails: every_type_code_gives_its_dtype, reads_gzipped_files
# cause: the data were read little-endian: IDX data are big-endian

import gzip
import struct

import numpy as np
import torch

DTYPES = {0x08: "u1", 0x09: "i1", 0x0B: "i2", 0x0C: "i4", 0x0D: "f4", 0x0E: "f8"}


def read_idx(path):
    with gzip.open(path, "rb") if str(path).endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[:2] != b"\x00\x00":
        raise ValueError("bad magic number")
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
