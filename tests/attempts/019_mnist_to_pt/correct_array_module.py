"""Correct: header with int.from_bytes, data through the array module and byteswap, gzip detected by its
magic bytes."""

import array
import gzip
import os
import sys

import torch

_CODES = {
    8: ("B", torch.uint8),
    9: ("b", torch.int8),
    11: ("h", torch.int16),
    12: ("i", torch.int32),
    13: ("f", torch.float32),
    14: ("d", torch.float64),
}


def read_idx(path):
    with open(os.fspath(path), "rb") as fh:
        raw = fh.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if len(raw) < 4 or raw[:2] != b"\x00\x00":
        raise ValueError("not an IDX file (bad magic number)")
    if raw[2] not in _CODES:
        raise ValueError(f"unknown IDX type code {raw[2]}")
    ndim = raw[3]
    if ndim < 1 or len(raw) < 4 + 4 * ndim:
        raise ValueError("bad IDX header")
    dims = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    code, tdtype = _CODES[raw[2]]
    a = array.array(code)
    if a.itemsize != torch.empty((), dtype=tdtype).element_size():
        code = "l" if code == "i" else code
        a = array.array(code)
    count = 1
    for d in dims:
        count *= d
    body = raw[4 + 4 * ndim :]
    if len(body) != count * a.itemsize:
        raise ValueError(f"IDX data has {len(body)} bytes, dims {dims} need {count * a.itemsize}")
    a.frombytes(body)
    if sys.byteorder == "little" and a.itemsize > 1:
        a.byteswap()
    return torch.tensor(a.tolist(), dtype=tdtype).reshape(dims)


def save_pt(images, labels, path):
    torch.save((images.detach().to(torch.uint8).contiguous().clone(), labels.detach().long().clone()), os.fspath(path))


def load_pt(path):
    obj = torch.load(os.fspath(path), weights_only=True, map_location="cpu")
    images, labels = obj
    return images, labels
