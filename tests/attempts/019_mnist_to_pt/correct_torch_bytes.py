"""Correct, written differently: torch.frombuffer on the payload, int.from_bytes for the sizes, and a
byte swap done in torch (flipping each element's bytes) instead of NumPy's big-endian dtypes."""

import gzip
import math
import sys
from pathlib import Path

import torch

TYPES = {8: torch.uint8, 9: torch.int8, 11: torch.int16, 12: torch.int32, 13: torch.float32, 14: torch.float64}


def read_idx(path):
    path = Path(path)
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    if len(raw) < 4 or raw[0] or raw[1]:
        raise ValueError(f"{path} is not an IDX file")
    dtype = TYPES.get(raw[2])
    ndim = raw[3]
    if dtype is None or ndim < 1 or len(raw) < 4 + 4 * ndim:
        raise ValueError(f"{path}: bad IDX header")
    dims = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    payload = bytearray(raw[4 + 4 * ndim :])
    itemsize = torch.empty((), dtype=dtype).element_size()
    if len(payload) != math.prod(dims) * itemsize:
        raise ValueError(f"{path}: payload of {len(payload)} bytes does not match {dims}")
    flat = torch.frombuffer(payload, dtype=torch.uint8) if payload else torch.empty(0, dtype=torch.uint8)
    if itemsize > 1 and sys.byteorder == "little":
        flat = flat.view(-1, itemsize).flip(1).reshape(-1)
    return flat.view(dtype).reshape(dims).clone()


def save_pt(images, labels, path):
    torch.save((images.to(torch.uint8, copy=True), labels.to(torch.int64, copy=True)), str(path))


def load_pt(path):
    data = torch.load(str(path), map_location="cpu", weights_only=True)
    return tuple(data)
