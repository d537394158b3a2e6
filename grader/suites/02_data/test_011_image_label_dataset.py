"""Grader for question 11: LabeledImageDataset parses the labels file, reads PNGs lazily as float32 RGB
(3, H, W) in [0, 1], applies the transform, and names a missing image."""

from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset

from grader.checks import (
    ELEMENTWISE,
    EXACT,
    CheckFailed,
    assert_close,
    assert_shape,
    assert_type,
    call,
    check,
    describe,
    expect,
    expect_raises,
    generator,
    write_png,
)

# (file name, PNG mode, H, W, label): sizes differ and H != W; a sub-folder; multi-digit labels.
IMAGES = [
    ("cat_01.png", "RGB", 5, 8, 3),
    ("dogs/dog_07.png", "RGB", 9, 4, 12),
    ("gray.png", "L", 6, 7, 0),
    ("alpha.png", "RGBA", 4, 6, 105),
    ("palette.png", "P", 7, 5, 7),
]
PALETTE = np.array([[255, 0, 0], [0, 128, 255], [17, 200, 33], [250, 250, 5], [90, 40, 160]], dtype=np.uint8)


def random_pixels(shape: tuple[int, ...], seed: int, high: int = 256) -> np.ndarray:
    return torch.randint(0, high, shape, generator=generator(seed), dtype=torch.int64).to(torch.uint8).numpy()


def write_image(folder: Path, name: str, mode: str, h: int, w: int, seed: int) -> None:
    """A random h x w PNG in `mode`: L, RGB, RGBA or P (indices into PALETTE)."""
    if mode == "P":
        write_png(folder / name, random_pixels((h, w), seed, high=len(PALETTE)), palette=PALETTE)
        return
    channels = {"L": (), "RGB": (3,), "RGBA": (4,)}[mode]
    pixels = random_pixels((h, w, *channels), seed)
    if mode == "RGBA":
        pixels[0, 0, 3], pixels[0, 1, 3] = 0, 255  # fully transparent and fully opaque pixels too
    write_png(folder / name, pixels)


def write_folder(root: Path, images: list = IMAGES, seed: int = 0, lines: list[str] | None = None) -> tuple[Path, Path]:
    """Images under root/images and a labels file root/labels.txt (`file_name label` lines unless given)."""
    for i, (name, mode, h, w, _) in enumerate(images):
        write_image(root / "images", name, mode, h, w, seed + i)
    labels = root / "labels.txt"
    labels.write_text("".join(f"{line}\n" for line in lines or [f"{name} {label}" for name, *_, label in images]))
    return root / "images", labels


def build(attempt, image_dir: Path | str, labels: Path | str, transform=None) -> Dataset:
    """The attempt's dataset; when the constructor raises, the message names the line of labels.txt that breaks it."""
    shown = "" if transform is None else ", transform=..."
    kind = "str " if isinstance(labels, str) else ""
    what = f"LabeledImageDataset({kind}images, {kind}labels.txt{shown})"
    try:
        return call(attempt.LabeledImageDataset, image_dir, labels, transform=transform, what=what)
    except CheckFailed as failed:
        err, text = failed.__cause__, Path(labels).read_text()
        if (line := breaking_line(attempt, image_dir, labels)) is not None:
            raise CheckFailed(f"{what} raised {type(err).__name__} on the line {line!r}: {err}") from err
        held = repr(text) if len(text) <= 120 else f"{text[:100]!r}... ({len(text)} characters)"
        raise CheckFailed(f"{failed}; labels.txt holds {held}") from err


def breaking_line(attempt, image_dir: Path | str, labels: Path | str) -> str | None:
    """The first line of `labels` that, alone in a labels file, makes the attempt's constructor raise (None when
    every line or none does: then no single line is to blame)."""
    lines = Path(labels).read_text().splitlines()
    probe = Path(labels).with_name("one_line.txt")
    failing = []
    for line in lines:
        probe.write_text(f"{line}\n")
        try:
            attempt.LabeledImageDataset(image_dir, type(labels)(probe))
        except Exception:
            failing.append(line)
    return failing[0] if 0 < len(failing) < len(lines) else None


def item(data: Dataset, index: int) -> tuple[torch.Tensor, object]:
    what = f"dataset[{index}]"
    out = call(lambda: data[index], what=what)
    assert_type(out, tuple, what)
    expect(len(out) == 2, f"{what}: expected a tuple (image, label) of 2 items, got {len(out)}")
    assert_type(out[0], torch.Tensor, f"{what}: image")
    return out


def image_causes(expected: torch.Tensor, alpha: np.ndarray | None = None) -> dict:
    causes = {
        "pixels are 0-255 values: divide the uint8 image by 255": lambda: expected * 255,
        "the (H, W, 3) array was reshaped or viewed as (3, H, W): move the channels with permute(2, 0, 1)": (
            lambda: expected.permute(1, 2, 0).reshape(expected.shape)
        ),
    }
    if alpha is not None:
        weight = torch.from_numpy(alpha.astype(np.float32) / 255)
        causes['the colours were blended with alpha; convert("RGB") drops alpha'] = lambda: expected * weight
    return causes


def expect_images_match(attempt, reference, root: Path, images: list) -> None:
    image_dir, labels = root / "images", root / "labels.txt"
    data, ref = build(attempt, image_dir, labels), reference.LabeledImageDataset(image_dir, labels)
    for i, (name, mode, h, w, _) in enumerate(images):
        image, _ = item(data, i)
        expected = ref[i][0]
        what = f"dataset[{i}] image ({name}, a {h}x{w} {mode} PNG)"
        assert_shape(image, (3, h, w), what)
        alpha = alpha_of(image_dir / name) if mode == "RGBA" else None
        assert_close(image, expected, ELEMENTWISE, what, causes=image_causes(expected, alpha))


def alpha_of(path: Path) -> np.ndarray:
    with Image.open(path) as img:
        return np.array(img)[:, :, 3]


@check("behaviour")
def test_length_and_type(attempt, tmp_path):
    image_dir, labels = write_folder(tmp_path)
    data = build(attempt, str(image_dir), str(labels))
    assert_type(data, Dataset, "LabeledImageDataset(...)")
    expect(len(data) == len(IMAGES), f"len(dataset) for {len(IMAGES)} lines: expected {len(IMAGES)}, got {len(data)}")


@check("behaviour")
def test_last_line_without_newline(attempt, reference, tmp_path):
    image_dir, labels = write_folder(tmp_path, IMAGES[:3], seed=10)
    labels.write_text("cat_01.png 3\ngray.png 0\ndogs/dog_07.png 12")  # no newline after the multi-digit label
    data, ref = build(attempt, image_dir, labels), reference.LabeledImageDataset(image_dir, labels)
    what = "last line 'dogs/dog_07.png 12' without a newline"
    expect(len(data) == 3, f"{what}: len(dataset) should be 3, got {len(data)}")
    for i, expected in enumerate([3, 0, 12]):
        image, label = item(data, i)
        expect(label == expected, f"{what}: dataset[{i}] label should be {expected}, got {label!r}")
        assert_close(image, ref[i][0], ELEMENTWISE, f"{what}: dataset[{i}] image")


@check("dtype")
def test_items_are_float_image_and_int_label(attempt, tmp_path):
    data = build(attempt, *write_folder(tmp_path, seed=20))
    for i, (name, *_, label) in enumerate(IMAGES):
        image, got = item(data, i)
        expect(image.dtype == torch.float32, f"dataset[{i}] image ({name}): expected float32, got {image.dtype}")
        expect(
            type(got) is int,
            f"dataset[{i}] label ({name} {label}): expected an int, got {describe(got)} {got!r}"[:200],
        )


@check("numerics", points=2)
def test_rgb_images_match_reference(attempt, reference, tmp_path):
    images = [(f"rgb_{i}.png", "RGB", h, w, i) for i, (h, w) in enumerate([(5, 8), (9, 4), (1, 3), (16, 11)])]
    write_folder(tmp_path, images, seed=30)
    expect_images_match(attempt, reference, tmp_path, images)


@check("numerics", points=2)
def test_gray_rgba_and_palette_become_rgb(attempt, reference, tmp_path):
    images = [img for img in IMAGES if img[1] != "RGB"] + [("gray_tall.png", "L", 9, 2, 1), ("p2.png", "P", 3, 10, 2)]
    write_folder(tmp_path, images, seed=40)
    expect_images_match(attempt, reference, tmp_path, images)


@check("numerics")
def test_labels_in_file_order(attempt, reference, tmp_path):
    lines = ["palette.png 7", "cat_01.png\t3", "dogs/dog_07.png   12", "alpha.png 105  ", "gray.png 0"]
    order = [4, 0, 1, 3, 2]  # IMAGES index of each line
    image_dir, labels = write_folder(tmp_path, IMAGES, seed=50, lines=lines)
    data, ref = build(attempt, image_dir, labels), reference.LabeledImageDataset(image_dir, labels)
    expect(len(data) == len(lines), f"len(dataset): expected {len(lines)}, got {len(data)}")
    for i, line in enumerate(lines):
        image, label = item(data, i)
        name, *_, expected = IMAGES[order[i]]
        what = f"dataset[{i}] for the line {line!r}"
        expect(label == expected, f"{what}: expected label {expected}, got {label!r}")
        assert_close(image, ref[i][0], ELEMENTWISE, f"{what}: image ({name})")


@check("behaviour")
def test_blank_lines_are_ignored(attempt, reference, tmp_path):
    lines = ["", "cat_01.png 3", "   ", "", "gray.png 0", "\t", "dogs/dog_07.png 12", "", ""]
    image_dir, labels = write_folder(tmp_path, IMAGES, seed=60, lines=lines)
    data, ref = build(attempt, image_dir, labels), reference.LabeledImageDataset(image_dir, labels)
    expect(len(data) == 3, f"len(dataset) for 3 lines among blank ones: expected 3, got {len(data)}")
    for i, expected in enumerate([3, 0, 12]):
        image, label = item(data, i)
        expect(label == expected, f"dataset[{i}] with blank lines around: expected label {expected}, got {label!r}")
        assert_close(image, ref[i][0], ELEMENTWISE, f"dataset[{i}] image with blank lines around")


@check("behaviour")
def test_transform_applied(attempt, reference, tmp_path):
    image_dir, labels = write_folder(tmp_path, IMAGES, seed=70)
    received: list[torch.Tensor] = []

    def transform(x: torch.Tensor) -> torch.Tensor:
        received.append(x.clone() if isinstance(x, torch.Tensor) else x)
        return x.flip(-1) * 0.5 + 0.25 if isinstance(x, torch.Tensor) else x

    data, ref = build(attempt, image_dir, labels, transform=transform), reference.LabeledImageDataset(image_dir, labels)
    for i, (name, *_, label) in enumerate(IMAGES):
        received.clear()
        image, got = item(data, i)
        what = f"dataset[{i}] ({name}) with a transform"
        expect(len(received) == 1, f"{what}: expected the transform to be called once, got {len(received)} calls")
        expected = ref[i][0]
        assert_type(received[0], torch.Tensor, f"{what}: the transform's input")
        assert_close(received[0], expected, ELEMENTWISE, f"{what}: the transform's input (the float32 image)")
        assert_close(image, expected.flip(-1) * 0.5 + 0.25, ELEMENTWISE, f"{what}: image (the transform's output)")
        expect(got == label, f"{what}: expected label {label}, got {got!r}")


@check("behaviour", points=2)
def test_images_read_on_every_getitem(attempt, reference, tmp_path):
    image_dir, labels = write_folder(tmp_path, IMAGES, seed=80)
    data = build(attempt, image_dir, labels)
    before = [image for image, _ in reference.LabeledImageDataset(image_dir, labels)]
    read_before = {1, 3}  # items read once before their files are replaced; the others are not
    for i in sorted(read_before):
        assert_close(item(data, i)[0], before[i], ELEMENTWISE, f"dataset[{i}] ({IMAGES[i][0]})")
    replaced = [(name, mode, w, h, label) for name, mode, h, w, label in IMAGES]  # new content, H and W swapped
    write_folder(tmp_path, replaced, seed=90)
    ref = reference.LabeledImageDataset(image_dir, labels)
    for i, (name, _, h, w, _) in enumerate(replaced):
        image, _ = item(data, i)
        if i in read_before:
            stale = f"dataset[{i}] still shows its first read of {name} after the file was replaced: no cache"
        else:
            stale = f"dataset[{i}] still shows {name} as it was when the dataset was built: read images in __getitem__"
        old = image.shape == before[i].shape and bool((image == before[i]).all())
        expect(not old, stale)
        assert_close(image, ref[i][0], ELEMENTWISE, f"dataset[{i}] after {name} was replaced by a new {h}x{w} image")


@check("behaviour")
def test_missing_image_raises_file_not_found(attempt, tmp_path):
    images = [IMAGES[0], IMAGES[2], IMAGES[1]]
    lines = [f"{images[0][0]} 3", "ghost_03.png 5", f"{images[1][0]} 0", f"{images[2][0]} 12"]
    image_dir, labels = write_folder(tmp_path, images, seed=100, lines=lines)
    what = "LabeledImageDataset(...) whose labels file lists ghost_03.png, which does not exist"
    try:
        data = call(attempt.LabeledImageDataset, image_dir, labels, what=what)
    except CheckFailed as failed:
        if isinstance(failed.__cause__, FileNotFoundError):  # raised by the constructor: accepted
            return expect_names_ghost(failed.__cause__, what)
        raise
    expect(len(data) == 4, f"{what}: every listed file counts, so len(dataset) should be 4, got {len(data)}")
    err = expect_raises(FileNotFoundError, lambda: data[1], what=f"{what}: dataset[1]")
    expect_names_ghost(err, f"{what}: dataset[1]")


def expect_names_ghost(err: FileNotFoundError, what: str) -> None:
    named = "ghost_03.png" in str(err) or "ghost_03.png" in str(err.filename)
    expect(named, f"{what}: the FileNotFoundError should name ghost_03.png, got {str(err)!r}")


@check("behaviour")
def test_works_in_dataloader(attempt, tmp_path):
    modes, labels = ["RGB", "L", "P", "RGBA"], [4, 0, 11, 2]
    images = [(f"same_{i}.png", mode, 6, 5, label) for i, (mode, label) in enumerate(zip(modes, labels, strict=True))]
    data = build(attempt, *write_folder(tmp_path, images, seed=110))
    what = "iterating over DataLoader(dataset, batch_size=2)"
    batches = call(lambda: list(DataLoader(data, batch_size=2)), what=what)
    expect(len(batches) == 2, f"DataLoader(dataset of 4, batch_size=2): expected 2 batches, got {len(batches)}")
    for b, (x, y) in enumerate(batches):
        what = f"DataLoader(dataset, batch_size=2) batch {b}"
        assert_shape(x, (2, 3, 6, 5), f"{what}: images")
        assert_type(y, torch.Tensor, f"{what}: labels")
        assert_close(y, torch.tensor(labels[2 * b : 2 * b + 2]), EXACT, f"{what}: labels")
