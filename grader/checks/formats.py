"""Writers of real file formats, for data-loading questions: the suite decides the contents.

    write_png(tmp_path / "a.png", pixels)                        # (H, W) L, (H, W, 3) RGB, (H, W, 4) RGBA
    write_png(tmp_path / "p.png", indices, palette=colours)      # P: (H, W) indices into (K, 3) colours
    write_cifar_batch(tmp_path / "data_batch_1", images, labels)  # images (N, 3, 32, 32) uint8
    write_idx(tmp_path / "train-images-idx3-ubyte.gz", images)    # MNIST IDX, gzipped for a .gz path
    write_coco(tmp_path / "instances.json", images=[...], annotations=[...], categories=[...])
    write_csv(tmp_path / "data.csv", ["name", "x"], [["a, \"b\"", 1.5]])  # quoted as the csv module does
    data = write_memmap(tmp_path / "x.npy", array)              # a read-only np.memmap of the file

Each writer creates the parent folder, writes the format exactly as the real files are (described at each
function) and returns the path, or for `write_memmap` the opened memmap. Invalid data for the format (a
suite bug) raises ValueError.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import pickle
import struct
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

# IDX type codes (http://yann.lecun.com/exdb/mnist/): the data follow the header big-endian.
IDX_TYPES = {np.dtype(np.uint8): 0x08, np.dtype(np.int8): 0x09, np.dtype(">i2"): 0x0B, np.dtype(">i4"): 0x0C,
             np.dtype(">f4"): 0x0D, np.dtype(">f8"): 0x0E}  # fmt: skip


def _prepare(path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write_png(
    path: str | Path, pixels: np.ndarray, palette: np.ndarray | Sequence[Sequence[int]] | None = None
) -> Path:
    """A PNG written by Pillow: uint8 pixels (H, W) in mode L, (H, W, 3) RGB, (H, W, 4) RGBA; with
    `palette` ((K, 3) uint8 colours), (H, W) indices in mode P."""
    from PIL import Image  # imported on first use: most suites never write an image

    pixels = np.ascontiguousarray(pixels)
    if pixels.dtype != np.uint8:
        raise ValueError(f"write_png: pixels must be uint8, got {pixels.dtype}")
    if palette is not None:
        colours = np.asarray(palette, dtype=np.uint8)
        if pixels.ndim != 2 or colours.ndim != 2 or colours.shape[1] != 3 or not 0 < len(colours) <= 256:
            raise ValueError("write_png: mode P takes (H, W) indices and a (K, 3) palette with K <= 256")
        if int(pixels.max(initial=0)) >= len(colours):
            raise ValueError(f"write_png: index {int(pixels.max())} is outside the palette of {len(colours)}")
        image = Image.frombytes("P", (pixels.shape[1], pixels.shape[0]), pixels.tobytes())
        image.putpalette(colours.reshape(-1).tolist())
    elif pixels.ndim == 2 or (pixels.ndim == 3 and pixels.shape[2] in (3, 4)):
        image = Image.fromarray(pixels)  # L, RGB or RGBA from the shape
    else:
        raise ValueError(f"write_png: pixels must be (H, W), (H, W, 3) or (H, W, 4), got {pixels.shape}")
    path = _prepare(path)
    image.save(path, format="PNG")
    return path


def write_cifar_batch(
    path: str | Path,
    images: np.ndarray,
    labels: Sequence[int],
    batch_label: str = "training batch 1 of 5",
    filenames: Sequence[str] | None = None,
) -> Path:
    """A CIFAR-10 "python version" batch: a pickle (protocol 2) of a dict with bytes keys b"batch_label"
    (bytes), b"labels" (list of int), b"data" ((N, 3072) uint8, each row the 1024 red, then green, then
    blue values of a 32x32 image in row-major order) and b"filenames" (list of bytes).

    `images` is (N, 3, 32, 32) or (N, 3072) uint8. Written the way Python 2 wrote the real files, so
    `pickle.load(f, encoding="bytes")` gives bytes keys and `encoding="latin1"` gives str keys, as there.
    """
    images = np.asarray(images)
    if images.dtype != np.uint8 or images.shape[1:] not in ((3, 32, 32), (3072,)):
        raise ValueError(f"write_cifar_batch: images must be uint8 (N, 3, 32, 32), got {images.dtype} {images.shape}")
    if len(labels) != len(images):
        raise ValueError(f"write_cifar_batch: {len(images)} images but {len(labels)} labels")
    names = filenames if filenames is not None else [f"image_{i:05d}.png" for i in range(len(images))]
    batch = {
        b"batch_label": batch_label.encode(),
        b"labels": [int(label) for label in labels],
        b"data": np.ascontiguousarray(images.reshape(len(images), 3072)),
        b"filenames": [name.encode() for name in names],
    }
    path = _prepare(path)
    buffer = io.BytesIO()
    _Py2Pickler(buffer, protocol=2).dump(batch)
    path.write_bytes(buffer.getvalue())
    return path


class _Py2Pickler(pickle._Pickler):
    """Pickles bytes as Python 2 `str` (SHORT_BINSTRING / BINSTRING), as in the real CIFAR-10 files, which
    Python 2 wrote: `pickle.load(f, encoding="bytes")` gives bytes keys, `encoding="latin1"` str keys."""

    dispatch: ClassVar[dict] = dict(pickle._Pickler.dispatch)

    def save_py2_str(self, obj: bytes) -> None:
        n = len(obj)
        self.write((pickle.SHORT_BINSTRING + bytes([n]) if n < 256 else pickle.BINSTRING + struct.pack("<i", n)) + obj)
        self.memoize(obj)

    dispatch[bytes] = save_py2_str


def idx_bytes(array: np.ndarray) -> bytes:
    """The bytes of an IDX file: 0, 0, the type code, the number of dims, each dim as a big-endian int32,
    then the data big-endian in row-major order (suites that test malformed headers edit these bytes)."""
    array = np.asarray(array)
    big = array.dtype.newbyteorder(">")
    if array.ndim == 0:
        raise ValueError("idx_bytes: an IDX file holds an array of at least one dimension")
    if big not in IDX_TYPES:
        raise ValueError(f"idx_bytes: IDX holds uint8, int8, int16, int32, float32 or float64, got {array.dtype}")
    header = bytes([0, 0, IDX_TYPES[big], array.ndim]) + np.asarray(array.shape, dtype=">i4").tobytes()
    return header + np.ascontiguousarray(array, dtype=big).tobytes()


def write_idx(path: str | Path, array: np.ndarray) -> Path:
    """An MNIST IDX file (`idx_bytes`), gzipped when the path ends in .gz."""
    data = idx_bytes(array)
    path = _prepare(path)
    path.write_bytes(gzip.compress(data, mtime=0) if path.suffix == ".gz" else data)
    return path


def write_coco(
    path: str | Path,
    *,
    images: Sequence[Mapping[str, object]],
    annotations: Sequence[Mapping[str, object]],
    categories: Sequence[Mapping[str, object]],
) -> Path:
    """A COCO instances file: {"info", "licenses", "images", "annotations", "categories"} in JSON.

    images: {"id", "file_name", "width", "height"}; categories: {"id", "name"} (any order, any ids);
    annotations: {"image_id", "category_id", "bbox": [x, y, w, h]} plus, when absent, "id" (1, 2, ...),
    "iscrowd": 0 and "area": w * h; "area": None writes an annotation without "area". Images without
    annotations are allowed; annotations must name an image and a category that exist.
    """
    image_ids = {image["id"] for image in images}
    category_ids = {category["id"] for category in categories}
    for image in images:
        if missing := {"id", "file_name", "width", "height"} - set(image):
            raise ValueError(f"write_coco: image {image.get('id')!r} lacks {sorted(missing)}")
    written = []
    for i, annotation in enumerate(annotations, start=1):
        bbox = [float(v) for v in annotation["bbox"]]  # type: ignore[union-attr]
        if len(bbox) != 4 or annotation["image_id"] not in image_ids or annotation["category_id"] not in category_ids:
            raise ValueError(f"write_coco: annotation {i} needs a 4-number bbox, a known image_id and category_id")
        full = {"id": i, "iscrowd": 0, "area": bbox[2] * bbox[3], **annotation, "bbox": bbox}
        if full["area"] is None:
            del full["area"]
        written.append(full)
    document = {
        "info": {"description": "grader test data", "version": "1.0"},
        "licenses": [],
        "images": [dict(image) for image in images],
        "annotations": written,
        "categories": [{"supercategory": "thing", **category} for category in categories],
    }
    path = _prepare(path)
    path.write_text(json.dumps(document))
    return path


def write_csv(path: str | Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """A CSV file written by the csv module (excel dialect): fields holding commas, quotes or newlines are
    quoted, quotes doubled."""
    path = _prepare(path)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_memmap(path: str | Path, array: np.ndarray, raw: bool = False) -> np.memmap:
    """`array` written to a file and opened again as a read-only `np.memmap`: a .npy file
    (`np.lib.format.open_memmap`), or with `raw=True` bare bytes (`np.memmap(path, dtype, "r", shape=...)`)."""
    array = np.asarray(array)
    path = _prepare(path)
    if raw:
        out = np.memmap(path, dtype=array.dtype, mode="w+", shape=array.shape)
    else:
        out = np.lib.format.open_memmap(path, mode="w+", dtype=array.dtype, shape=array.shape)
    out[...] = array
    out.flush()
    del out
    if raw:
        return np.memmap(path, dtype=array.dtype, mode="r", shape=array.shape)
    return np.lib.format.open_memmap(path, mode="r")
