"""Grader for question 19: read_idx parses IDX headers (big-endian dims, type codes, gzip) and rejects
malformed ones; save_pt / load_pt store (images uint8, labels int64) as a weights-only-loadable tuple."""

import os
from pathlib import Path

import numpy as np
import torch

from grader.checks import (
    EXACT,
    assert_close,
    assert_shape,
    assert_tensor,
    assert_type,
    call,
    call_pure,
    check,
    describe,
    describe_call,
    expect,
    expect_raises,
    idx_bytes,
    write_idx,
    write_png,
)

# The data of each IDX type, big-endian in the file.
TYPES = {"uint8": ">u1", "int8": ">i1", "int16": ">i2", "int32": ">i4", "float32": ">f4", "float64": ">f8"}


def pixels(*shape: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, size=shape, dtype=np.uint8)


def values(kind: str, shape: tuple[int, ...], seed: int) -> np.ndarray:
    """Random values that fill the range of the type (multi-byte values have distinct bytes)."""
    rng = np.random.default_rng(seed)
    if kind.startswith("float"):
        return (rng.standard_normal(shape) * 1000).astype(kind)
    info = np.iinfo(kind)
    return rng.integers(info.min, info.max, size=shape, endpoint=True, dtype=kind)


def native(array: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("=")))


def read(attempt, path: str | Path, what: str | None = None, as_path: bool = False) -> torch.Tensor:
    """read_idx on `path` given as a `str` (as a `pathlib.Path` with `as_path`)."""
    path = Path(path) if as_path else str(path)
    shown = f"Path({Path(path).name!r})" if as_path else repr(Path(path).name)
    what = what or f"read_idx({shown})"
    return assert_tensor(call(attempt.read_idx, path, what=what), what)


def little_endian(array: np.ndarray) -> torch.Tensor:
    """What reading the big-endian bytes of `array` in little-endian order gives."""
    data = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder(">")).tobytes()
    return native(np.frombuffer(data, dtype=array.dtype.newbyteorder("<")).reshape(array.shape))


@check("numerics", points=2)
def test_reads_mnist_images(attempt, tmp_path):
    for n, as_path in [(7, False), (1, True)]:
        images = pixels(n, 28, 28, seed=n)
        path = write_idx(tmp_path / f"images{n}-idx3-ubyte", images)
        out = read(attempt, path, as_path=as_path)
        assert_close(out, torch.from_numpy(images), EXACT, f"read_idx of an MNIST image file of {n} image(s)")


@check("numerics")
def test_reads_mnist_labels(attempt, tmp_path):
    for n in (9, 1):
        labels = np.random.default_rng(n).integers(0, 10, size=n, dtype=np.uint8)
        path = write_idx(tmp_path / f"labels{n}-idx1-ubyte", labels)
        assert_close(read(attempt, path), torch.from_numpy(labels), EXACT, f"read_idx of an MNIST label file of {n}")


@check("shape", points=2)
def test_dims_are_read_big_endian(attempt, tmp_path):
    for i, shape in enumerate([(300,), (2, 257, 3), (3, 5, 4), (2, 3, 1, 5), (256, 2)]):
        array = pixels(*shape, seed=20 + i)
        path = write_idx(tmp_path / f"array{i}-ubyte", array)
        what = f"read_idx of a uint8 IDX file of shape {shape}"
        out = read(attempt, path, what)
        assert_shape(out, shape, what)
        assert_close(out, torch.from_numpy(array), EXACT, what)


@check("dtype", points=2)
def test_every_type_code_gives_its_dtype(attempt, tmp_path):
    for i, (kind, big) in enumerate(TYPES.items()):
        array = values(kind, (4, 3, 5), seed=30 + i).astype(big)
        path = write_idx(tmp_path / f"{kind}-idx3", array)
        what = f"read_idx of an IDX file of {kind} (type code {idx_bytes(array)[2]:#04x}), shape (4, 3, 5)"
        causes = {"the data were read little-endian: IDX data are big-endian": lambda a=array: little_endian(a)}
        assert_close(read(attempt, path, what), native(array), EXACT, what, causes=causes)


@check("behaviour")
def test_reads_gzipped_files(attempt, tmp_path):
    cases = [pixels(5, 28, 28, seed=40), values("int16", (6, 7), seed=41).astype(">i2"), pixels(300, seed=42)]
    for i, array in enumerate(cases):
        path = write_idx(tmp_path / f"file{i}-ubyte.gz", array)
        what = f"read_idx of a gzipped IDX file ({path.name}) of {array.dtype.name}, shape {array.shape}"
        assert_close(read(attempt, path, what), native(array), EXACT, what)


def expect_value_error(attempt, tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    expect_raises(ValueError, attempt.read_idx, str(path), what=f"read_idx of a file with {problem}")


@check("behaviour")
def test_bad_magic_raises_value_error(attempt, tmp_path):
    good = idx_bytes(pixels(3, 4, 4, seed=50))
    expect_value_error(attempt, tmp_path, "one-ubyte", b"\x00\x01" + good[2:], "magic bytes 00 01 (not 00 00)")
    expect_value_error(attempt, tmp_path, "two-ubyte", b"\x08\x00" + good[2:], "magic bytes 08 00 (not 00 00)")
    png = write_png(tmp_path / "digit.png", pixels(28, 28, seed=51))
    expect_raises(ValueError, attempt.read_idx, str(png), what="read_idx of a PNG file (bad magic number)")


@check("behaviour")
def test_unknown_type_code_raises_value_error(attempt, tmp_path):
    good = idx_bytes(pixels(3, 4, 4, seed=60))
    for code in (0x07, 0x0A, 0x0F, 0x00):
        data = good[:2] + bytes([code]) + good[3:]
        expect_value_error(attempt, tmp_path, f"code{code}-ubyte", data, f"type code {code:#04x}")


@check("behaviour")
def test_zero_dimensions_raise_value_error(attempt, tmp_path):
    expect_value_error(attempt, tmp_path, "zero-ubyte", b"\x00\x00\x08\x00\x07", "0 dimensions and one data byte")
    expect_value_error(attempt, tmp_path, "empty-ubyte", b"\x00\x00\x08\x00", "0 dimensions and no data")


@check("behaviour", points=2)
def test_size_mismatch_raises_value_error(attempt, tmp_path):
    good = idx_bytes(values("int16", (3, 4), seed=70).astype(">i2"))
    cases = {
        "data one byte short of the shape (3, 4) of int16": good[:-1],
        "data one element short of the shape (3, 4) of int16": good[:-2],
        "two bytes of data more than the shape (3, 4) of int16 holds": good + b"\x00\x01",
        "a header cut inside its dimensions (ndim 2, one size given)": good[:8],
        "2 bytes": b"\x00\x00",
    }
    for i, (problem, data) in enumerate(cases.items()):
        expect_value_error(attempt, tmp_path, f"bad{i}-idx2", data, problem)


def mnist(n: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    rng = np.random.default_rng(seed)
    images = torch.from_numpy(rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8))
    return images, torch.from_numpy(rng.integers(0, 10, size=n, dtype=np.uint8))


def save(attempt, images: torch.Tensor, labels: torch.Tensor, path: Path) -> str:
    what = describe_call("save_pt", images=images, labels=labels, path=path.name)
    call_pure(attempt.save_pt, images, labels, path, what=what)
    expect(path.is_file(), f"{what}: expected a file at the path given, found none")
    return what


def loaded_pair(out: object, what: str) -> tuple[torch.Tensor, torch.Tensor]:
    assert_type(out, tuple, what)
    expect(len(out) == 2, f"{what}: expected a tuple (images, labels) of 2 items, got {len(out)}")
    return assert_tensor(out[0], f"{what}: images"), assert_tensor(out[1], f"{what}: labels")


@check("numerics", points=2)
def test_save_then_load_round_trip(attempt, tmp_path):
    for i, (n, label_dtype) in enumerate([(6, torch.uint8), (1, torch.int64), (11, torch.uint8)]):
        images, labels = mnist(n, seed=80 + i)
        labels = labels.to(label_dtype)
        path = tmp_path / f"mnist{i}.pt"
        saved = save(attempt, images, labels, path)
        what = f"load_pt after {saved}"
        out = loaded_pair(call(attempt.load_pt, path, what=what), what)
        assert_close(out, (images, labels.long()), EXACT, f"{what} (images uint8, labels int64)")


@check("behaviour", points=2)
def test_saved_file_is_a_tuple_for_weights_only_load(attempt, tmp_path):
    images, labels = mnist(5, seed=90)
    path = tmp_path / "mnist.pt"
    saved = save(attempt, images, labels, path)
    what = f"torch.load(path, weights_only=True) of the file of {saved}"
    try:
        out = torch.load(path, weights_only=True)
    except Exception as err:
        expect(False, f"{what} raised {type(err).__name__}: {str(err).splitlines()[0]} (save plain tensors)")
    expect(
        isinstance(out, tuple),
        f"{what}: expected the tuple (images, labels), got {describe(out)}"
        f"{' with keys ' + str(sorted(out)) if isinstance(out, dict) else ''}",
    )
    assert_close(loaded_pair(out, what), (images, labels.long()), EXACT, f"{what} (images uint8, labels int64)")


@check("behaviour")
def test_load_pt_reads_any_saved_tuple(attempt, tmp_path):
    images, labels = mnist(4, seed=100)
    path = tmp_path / "other.pt"
    torch.save((images, labels.long()), path)
    what = "load_pt of a file written by torch.save((images uint8, labels int64), path)"
    out = loaded_pair(call(attempt.load_pt, str(path), what=what), what)
    assert_close(out, (images, labels.long()), EXACT, what)


class Payload:
    """Unpickles as a call to `os.makedirs(folder)`: what a malicious .pt file can do, made visible."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __reduce__(self):
        return os.makedirs, (str(self.folder),)


@check("behaviour")
def test_load_pt_refuses_arbitrary_pickles(attempt, tmp_path):
    images, _ = mnist(3, seed=110)
    path, marker = tmp_path / "untrusted.pt", tmp_path / "created_by_the_pickle"
    torch.save((images, Payload(marker)), path)  # shaped like (images, labels): unpacking it does not fail
    what = "load_pt of a .pt file (images, labels) whose labels are a pickled call to os.makedirs"
    try:
        out = attempt.load_pt(path)
    except NotImplementedError:
        raise
    except Exception:
        expect(
            not marker.exists(),
            f"{what}: load_pt raised, but only after unpickling ran the call (it created {marker.name}): "
            "load with weights_only=True, which refuses such files before running anything",
        )
        return
    expect(
        False,
        f"{what}: expected an error, got {describe(out)}"
        f"{' and the call ran (it created ' + marker.name + ')' if marker.exists() else ''} (a .pt file can run "
        "any code when unpickled: load with weights_only=True)",
    )


@check("performance")
def test_saving_a_slice_writes_only_the_slice(attempt, tmp_path):
    images, labels = mnist(300, seed=120)
    path = tmp_path / "first5.pt"
    for labels_in in (labels, labels.long()):
        saved = save(attempt, images[:5], labels_in[:5], path)
        data = images[:5].nbytes + 5 * 8
        size = path.stat().st_size
        expect(
            size <= 2 * data + 16 * 1024,
            f"{saved} of the first 5 of 300 images: the file has {size} bytes for {data} bytes of data "
            "(torch.save writes a view's whole storage: save a copy of the slice)",
        )
        out = torch.load(path, weights_only=True)
        assert_close(loaded_pair(out, saved), (images[:5], labels[:5].long()), EXACT, f"{saved}, loaded back")
