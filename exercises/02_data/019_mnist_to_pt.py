"""Question 19 - MNIST IDX files to .pt.

MNIST ships as IDX files (`train-images-idx3-ubyte`, often gzipped): write `read_idx`, which parses one
into a tensor, and `save_pt` / `load_pt`, which store the images and labels as one `.pt` file and read
it back. The IDX format: two zero bytes, a type code byte, a byte holding the number of dimensions,
each dimension as a big-endian 32-bit integer, then the data, big-endian, in row-major order.

    >>> images = read_idx("train-images-idx3-ubyte.gz")   # (60000, 28, 28) uint8
    >>> labels = read_idx("train-labels-idx1-ubyte")      # (60000,) uint8
    >>> save_pt(images, labels, "mnist_train.pt")
    >>> load_pt("mnist_train.pt")[1].dtype
    torch.int64

Type codes: 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64.

What the grader checks:
- `read_idx` on MNIST image files gives (N, 28, 28) uint8 with the file's values (N = 7 and N = 1), on
  label files (N,) uint8; it takes a `str` or a `pathlib.Path`;
- the dimensions are read big-endian: sizes above 255 (300, 257), non-square and 1-D to 4-D shapes;
- every type code gives the file's own dtype (uint8, int8, int16, int32, float32, float64) with the exact
  values: multi-byte data are big-endian in the file and come back as ordinary (native) tensors;
- a path ending in `.gz` is a gzip-compressed IDX file and reads the same as the plain one;
- a malformed header raises `ValueError`: a bad magic number (first two bytes not zero, a PNG file),
  an unknown type code, zero dimensions, and a size mismatch (data shorter or longer than the
  dimensions say, a header cut short, a file of 2 bytes);
- `save_pt(images, labels, path)` writes the tuple `(images uint8 (N, 28, 28), labels int64 (N,))`:
  labels read from an IDX file (uint8) are stored as int64, and `torch.load(path, weights_only=True)`
  reads the file; `load_pt(path)` returns that tuple, from its own files and from any `.pt` file that
  holds such a tuple; save then load gives back equal tensors; `save_pt` does not modify its inputs;
- `load_pt` refuses (raises on) a file holding other pickled Python objects, also one shaped like
  `(images, labels)`, before unpickling runs them (weights-only loading);
- saving a slice (`images[:5]` of a bigger tensor) writes only that slice: the file is not much larger
  than the slice's data.
"""

from pathlib import Path

import torch


def read_idx(path: str | Path) -> torch.Tensor:
    """The array stored in the IDX file at `path` (gzipped if it ends in .gz), in the file's dtype."""
    # TODO
    raise NotImplementedError


def save_pt(images: torch.Tensor, labels: torch.Tensor, path: str | Path) -> None:
    """Save `(images uint8 (N, 28, 28), labels int64 (N,))` to `path` with `torch.save`."""
    # TODO
    raise NotImplementedError


def load_pt(path: str | Path) -> tuple[torch.Tensor, torch.Tensor]:
    """`(images uint8 (N, 28, 28), labels int64 (N,))` from a file written by `save_pt`."""
    # TODO
    raise NotImplementedError
