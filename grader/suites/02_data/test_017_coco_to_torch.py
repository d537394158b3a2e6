"""Grader for question 17: CocoDetection reads a COCO instances file into (image, target) items: xyxy
boxes, labels 1..K by sorted category id, empty targets, area and iscrowd, images by ascending id, and
annotations in file order and grouped once (the lines of attempt code that building the data set and an epoch
run grow linearly with the file)."""

import functools
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import torch

from grader.checks import (
    ELEMENTWISE,
    EXACT,
    assert_close,
    assert_dtype,
    assert_shape,
    assert_tensor,
    assert_type,
    call,
    check,
    describe,
    expect,
    write_coco,
    write_png,
)

KEYS = ("boxes", "labels", "image_id", "area", "iscrowd")
# Images in file order (not by id): id, file name, (H, W), PNG mode. Ids 19 and 55 have no annotations.
IMAGES = [
    (42, "kitchen.png", (5, 7), "RGB"),
    (7, "street.png", (6, 4), "L"),
    (19, "empty.png", (3, 8), "RGB"),
    (3, "park.png", (7, 5), "RGBA"),
    (100, "beach.png", (4, 6), "RGB"),
    (55, "night.png", (2, 9), "RGB"),
]
# Category ids out of order, not from 1, with gaps; 60 is used by no annotation but is still category 4 of 5.
CATEGORIES = [(90, "toothbrush"), (3, "car"), (44, "bottle"), (17, "cat"), (60, "donut")]
# image id, category id, [x, y, w, h], area (None: no "area" field), iscrowd, annotation id; interleaved across
# images, and the annotation ids of images 42, 7 and 100 are not in file order (a target keeps the file's order).
# Two boxes are degenerate (width 0, height 0): kept like any other annotation (no filtering).
ANNOTATIONS = [
    (42, 90, [10.5, 2.25, 30.0, 12.75], 301.5, 0, 905),
    (3, 3, [0.0, 0.0, 4.5, 6.0], None, 0, 12),
    (42, 17, [1.0, 1.5, 2.5, 3.0], 6.2, 0, 88),
    (7, 44, [3.25, 0.5, 0.75, 4.0], 2.9, 1, 300),
    (100, 3, [2.0, 1.0, 3.0, 2.0], None, 0, 7),
    (42, 3, [473.07, 395.93, 38.65, 28.67], 702.1, 0, 41),
    (3, 90, [1.5, 2.5, 2.0, 3.5], 5.75, 0, 650),
    (100, 17, [0.5, 0.25, 5.25, 3.5], 12.0, 1, 2),
    (100, 44, [4.0, 0.5, 0.0, 2.5], None, 0, 33),
    (3, 17, [2.0, 3.5, 1.5, 0.0], 0.0, 0, 500),
    (7, 17, [0.0, 1.0, 4.0, 5.0], None, 0, 77),
]
REORDERED = "the annotations were reordered: keep the order they appear in the file"
DEGENERATE = "boxes of zero width or height were dropped: keep every annotation of the image"


def write_dataset(folder: Path, images=IMAGES, annotations=ANNOTATIONS, rgb_only: bool = True) -> tuple[str, str]:
    """The COCO file and its image folder, as `str` paths; each distinct file name gets random pixels in its mode
    (RGB for every image with `rgb_only`: the checks of targets do not depend on grayscale or RGBA decoding)."""
    image_dir = folder / "images"
    written = set()
    for image_id, file_name, (h, w), mode in images:
        if file_name not in written:
            rng = np.random.default_rng(image_id)
            channels = {"L": (), "RGB": (3,), "RGBA": (4,)}["RGB" if rgb_only else mode]
            write_png(image_dir / file_name, rng.integers(0, 256, size=(h, w, *channels), dtype=np.uint8))
            written.add(file_name)
    path = write_coco(
        folder / "instances.json",
        images=[{"id": i, "file_name": f, "height": h, "width": w} for i, f, (h, w), _ in images],
        annotations=[
            {"image_id": i, "category_id": c, "bbox": box, "area": area, "iscrowd": crowd, "id": annotation_id}
            for i, c, box, area, crowd, annotation_id in annotations
        ],
        categories=[{"id": c, "name": name} for c, name in CATEGORIES],
    )
    return str(path), str(image_dir)


def load(module, annotation_file, image_dir, what: str):
    return call(module.CocoDetection, annotation_file, image_dir, what=what)


MODES = {"L": "grayscale", "RGB": "RGB", "RGBA": "RGBA"}


def items_of(data, what: str, modes: bool = False) -> tuple[list[int], dict[int, tuple[torch.Tensor, Mapping]]]:
    """The image ids in item order, and each item by `target["image_id"]`; with `modes`, a failing item is named
    by the image it should be (the file's images in their PNG modes)."""
    n = call(len, data, what=f"len({what})")
    expected = sorted(IMAGES)
    order, by_id = [], {}
    for index in range(n):
        shown = f"{what}[{index}]"
        if modes and index < len(expected):
            image_id, file_name, _, mode = expected[index]
            shown += f" (image {image_id}, {file_name}: a {MODES[mode]} PNG)"
        item = call(data.__getitem__, index, what=shown)
        assert_type(item, tuple, f"{what}[{index}]")
        expect(len(item) == 2, f"{what}[{index}]: expected a tuple (image, target), got {len(item)} items")
        image, target = item
        assert_tensor(image, f"{what}[{index}]: image")
        assert_type(target, Mapping, f"{what}[{index}]: target")
        missing = [k for k in KEYS if k not in target]
        expect(not missing, f"{what}[{index}]: target lacks {missing} (it needs {list(KEYS)})")
        try:
            image_id = int(target["image_id"])
        except (TypeError, ValueError, RuntimeError):
            expect(
                False, f"{what}[{index}]: target['image_id'] should be the image id, got {describe(target['image_id'])}"
            )
        order.append(image_id)
        by_id[image_id] = (image, target)
    return order, by_id


def both(attempt, reference, tmp_path: Path, rgb_only: bool = True) -> tuple[dict, dict, str]:
    annotation_file, image_dir = write_dataset(tmp_path, rgb_only=rgb_only)
    what = "CocoDetection(instances.json, images/)"
    _, mine = items_of(load(attempt, annotation_file, image_dir, what), what, modes=not rgb_only)
    _, expected = items_of(load(reference, annotation_file, image_dir, what), what)
    common = {i: item for i, item in expected.items() if i in mine}  # missing images: the length and order checks
    expect(common, f"{what}: expected items for image ids {sorted(expected)}, got {sorted(mine)}")
    return mine, common, what


def annotations_of(image_id: int) -> list[tuple]:
    return [a for a in ANNOTATIONS if a[0] == image_id]


def in_attempt_order(actual: object, expected: torch.Tensor) -> torch.Tensor:
    """`expected`'s rows in the order the attempt gave them, when its rows are `expected`'s reordered (else raises:
    the cause is skipped)."""
    actual = assert_tensor(actual).to(expected.dtype).reshape(expected.shape)
    free, order = list(range(len(expected))), []
    for row in actual:
        match = next(j for j in free if torch.allclose(row, expected[j], rtol=ELEMENTWISE.rtol, atol=ELEMENTWISE.atol))
        free.remove(match)
        order.append(match)
    return expected[order]


@check("shape")
def test_length_counts_every_image(attempt, tmp_path):
    annotation_file, image_dir = write_dataset(tmp_path)
    for convert in (str, Path):
        args = (convert(annotation_file), convert(image_dir))
        what = f"CocoDetection({convert.__name__}(annotation_file), {convert.__name__}(image_dir))"
        data = load(attempt, *args, what)
        n = call(len, data, what=f"len({what})")
        expect(n == len(IMAGES), f"len({what}): expected {len(IMAGES)} images (2 without annotations), got {n}")
        call(data.__getitem__, 0, what=f"{what}[0]")


@check("behaviour")
def test_items_follow_ascending_image_ids(attempt, tmp_path):
    annotation_file, image_dir = write_dataset(tmp_path)
    what = "CocoDetection(instances.json, images/)"
    order, _ = items_of(load(attempt, annotation_file, image_dir, what), what)
    listed = [i for i, *_ in IMAGES]
    cause = "; likely cause: the items follow the file's images list, not ascending ids" if order == listed else ""
    expect(
        order == sorted(listed),
        f"{what}: items should go by ascending image id {sorted(listed)}, got the image ids {order}{cause}",
    )


@check("numerics")
def test_image_is_rgb_float_in_unit_range(attempt, reference, tmp_path):
    mine, expected, what = both(attempt, reference, tmp_path, rgb_only=False)
    for image_id, _, (h, w), mode in [image for image in IMAGES if image[0] in expected]:
        image, ref = mine[image_id][0], expected[image_id][0]
        shown = f"{what}: image of id {image_id} ({mode} PNG, H={h}, W={w})"
        causes = {"the pixels were not scaled to [0, 1] (divide by 255)": lambda r=ref: r * 255}
        assert_close(image, ref, ELEMENTWISE, shown, causes=causes)


@check("dtype")
def test_target_dtypes(attempt, tmp_path):
    annotation_file, image_dir = write_dataset(tmp_path)
    what = "CocoDetection(instances.json, images/)"
    _, mine = items_of(load(attempt, annotation_file, image_dir, what), what)
    for image_id, (_, target) in mine.items():
        for key, dtype in [("boxes", torch.float32), ("labels", torch.int64), ("area", torch.float32),
                           ("iscrowd", torch.int64)]:  # fmt: skip
            shown = f"{what}: target[{key!r}] of image {image_id}"
            assert_dtype(assert_tensor(target[key], shown), dtype, shown)
        value = target["image_id"]
        expect(
            isinstance(value, int) and not isinstance(value, bool),
            f"{what}: target['image_id'] of image {image_id}: expected a Python int, got {describe(value)}",
        )


def xywh(image_id: int) -> torch.Tensor:
    return torch.tensor([a[2] for a in annotations_of(image_id)], dtype=torch.float32).reshape(-1, 4)


@check("numerics", points=2)
def test_boxes_are_xyxy(attempt, reference, tmp_path):
    mine, expected, what = both(attempt, reference, tmp_path)
    for image_id, (_, target) in expected.items():
        shown = f"{what}: target['boxes'] of image {image_id}"
        boxes = mine[image_id][1]["boxes"]
        causes = {
            "the boxes are still COCO's [x, y, w, h]: xyxy is [x, y, x + w, y + h]": lambda i=image_id: xywh(i),
            DEGENERATE: lambda e=target["boxes"]: e[(e[:, 2:] > e[:, :2]).all(1)],
            REORDERED: lambda b=boxes, e=target["boxes"]: in_attempt_order(b, e),
        }
        assert_close(boxes, target["boxes"], ELEMENTWISE, shown, causes=causes)


def mapped(image_id: int, order: list[int], start: int = 1) -> torch.Tensor:
    """The labels of the image's annotations when the categories are numbered in `order` from `start`."""
    label_of = {c: k for k, c in enumerate(order, start=start)}
    return torch.tensor([label_of[c] for _, c, *_ in annotations_of(image_id)], dtype=torch.int64)


def label_causes(image_id: int, labels: object, expected: torch.Tensor) -> dict[str, Callable[[], torch.Tensor]]:
    in_file = [c for c, _ in CATEGORIES]
    used = sorted({c for _, c, *_ in ANNOTATIONS})
    return {
        "the raw COCO category ids were kept: map them to 1..K": lambda: mapped(image_id, list(range(100)), 0),
        "the labels follow the order of the categories list: number them by ascending category id": lambda: mapped(
            image_id, in_file
        ),
        "the labels start at 0: they are 1..K (0 is the background)": lambda: mapped(image_id, sorted(in_file), 0),
        "only the categories that annotations use were numbered: every category of the file counts": lambda: mapped(
            image_id, used
        ),
        REORDERED: lambda: in_attempt_order(labels, expected),
    }


@check("numerics", points=2)
def test_labels_are_contiguous_by_sorted_category_id(attempt, reference, tmp_path):
    mine, expected, what = both(attempt, reference, tmp_path)
    for image_id, (_, target) in expected.items():
        shown = f"{what}: target['labels'] of image {image_id}"
        labels = mine[image_id][1]["labels"]
        causes = label_causes(image_id, labels, target["labels"])
        assert_close(labels, target["labels"], EXACT, shown, check_dtype=False, causes=causes)


@check("shape")
def test_image_without_annotations_has_empty_targets(attempt, tmp_path):
    annotation_file, image_dir = write_dataset(tmp_path)
    what = "CocoDetection(instances.json, images/)"
    _, mine = items_of(load(attempt, annotation_file, image_dir, what), what)
    for image_id in (19, 55):
        expect(image_id in mine, f"{what}: no item has image_id {image_id}, an image without annotations")
        target = mine[image_id][1]
        shown = f"{what}: target of image {image_id}, which has no annotations"
        for key, shape, dtype in [("boxes", (0, 4), torch.float32), ("labels", (0,), torch.int64),
                                  ("area", (0,), torch.float32), ("iscrowd", (0,), torch.int64)]:  # fmt: skip
            value = assert_tensor(target[key], f"{shown}: {key}")
            assert_shape(value, shape, f"{shown}: {key}")
            assert_dtype(value, dtype, f"{shown}: {key}")


@check("numerics")
def test_area_and_iscrowd_come_from_the_annotations(attempt, reference, tmp_path):
    mine, expected, what = both(attempt, reference, tmp_path)
    for image_id, (_, target) in expected.items():
        box_area = torch.tensor([a[2][2] * a[2][3] for a in annotations_of(image_id)], dtype=torch.float32)
        area, iscrowd = mine[image_id][1]["area"], mine[image_id][1]["iscrowd"]
        shown = f"{what}: target['area'] of image {image_id}"
        causes = {
            "the area was computed from the box: use the annotation's area field (w * h when absent)": box_area,
            REORDERED: lambda a=area, e=target["area"]: in_attempt_order(a, e),
        }
        assert_close(area, target["area"], ELEMENTWISE, shown, check_dtype=False, causes=causes)
        shown = f"{what}: target['iscrowd'] of image {image_id}"
        causes = {REORDERED: lambda c=iscrowd, e=target["iscrowd"]: in_attempt_order(c, e)}
        assert_close(iscrowd, target["iscrowd"], EXACT, shown, check_dtype=False, causes=causes)


def snapshot(value: object) -> object:
    """A copy of a tensor (an item may hand out a tensor that the data set changes later), other values as they are."""
    return value.clone() if isinstance(value, torch.Tensor) else value


def brief(value: object) -> str:
    shown = value.tolist() if isinstance(value, torch.Tensor) and value.dim() < 3 else value
    return f"{shown!r:.100}"


def same(a: object, b: object) -> bool:
    """Equal values of the same type (and dtype and shape, for tensors)."""
    if isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor):
        return a.dtype == b.dtype and a.shape == b.shape and torch.equal(a, b)
    try:
        return type(a) is type(b) and bool(np.array_equal(a, b))
    except Exception:
        return False


@check("behaviour")
def test_items_read_again_are_the_same(attempt, tmp_path):
    annotation_file, image_dir = write_dataset(tmp_path)
    what = "CocoDetection(instances.json, images/)"
    data = load(attempt, annotation_file, image_dir, what)
    _, first = items_of(data, f"{what}, epoch 1")
    first = {i: (snapshot(image), {k: snapshot(v) for k, v in target.items()}) for i, (image, target) in first.items()}
    _, again = items_of(data, f"{what}, epoch 2")
    for image_id, (image, target) in first.items():
        expect(image_id in again, f"{what}: epoch 2 has no item for image {image_id}, epoch 1 had one")
        image_again, target_again = again[image_id]
        for key, value, value_again in [("image", image, image_again),
                                        *[(k, target[k], target_again[k]) for k in KEYS]]:  # fmt: skip
            shown = f"{what}: {key if key == 'image' else f'target[{key!r}]'} of image {image_id}"
            expect(
                same(value, value_again),
                f"{shown}: the second epoch gave {brief(value_again)} after {brief(value)} in the first: reading an "
                "item changed what the data set keeps (build new tensors; leave the loaded annotations as they are)",
            )


def lines_run(fn: Callable[[], object], filename: str) -> tuple[object, int]:
    """`fn()` and how many lines of code from `filename` (the attempt) ran during it."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        count += event == "line"
        return local

    def scope(frame, event, arg):
        return local if frame.f_code.co_filename == filename else None

    previous = sys.gettrace()
    sys.settrace(scope)
    try:
        return fn(), count
    finally:
        sys.settrace(previous)


def grouping_files(folder: Path, extra: int) -> tuple[Path, Path, int]:
    """20 images with 0-3 annotations each, plus `extra` images with 3 annotations each, all interleaved."""
    rng = np.random.default_rng(7)
    images = [(i, "tiny.png", (3, 4), "RGB") for i in range(1, 21)]
    images += [(1000 + i, "tiny.png", (3, 4), "RGB") for i in range(extra)]
    annotations = [(image_id, [3, 17, 44, 90][k], [1.0 * k, 0.5, 2.0, 1.5], None, 0)
                   for image_id, *_ in images for k in range(image_id % 4 if image_id < 1000 else 3)]  # fmt: skip
    annotations = [(*annotations[i], n) for n, i in enumerate(rng.permutation(len(annotations)), start=1)]
    path, image_dir = write_dataset(folder, images=images, annotations=annotations)
    return path, image_dir, len(images) + len(annotations)


def epoch(data, what: str) -> list:
    """Every item once."""
    return [call(data.__getitem__, i, what=f"{what}[{i}]") for i in range(call(len, data, what=f"len({what})"))]


@check("performance", points=2, timeout_s=40)
def test_annotations_are_grouped_once(attempt, tmp_path):
    runs = {}
    for extra in (0, 400):
        path, image_dir, size = grouping_files(tmp_path / f"extra{extra}", extra)
        what = f"CocoDetection on a file of {size} images and annotations"
        data, built = lines_run(functools.partial(load, attempt, path, image_dir, what), attempt.__file__)
        _, got = lines_run(functools.partial(epoch, data, what), attempt.__file__)
        runs[extra] = (size, built, got)
    (small, built_small, got_small), (large, built_large, got_large) = runs[0], runs[400]
    linear = large / small  # a correct attempt's work grows at most this much (3 times: slack for constant costs)
    expect(
        built_large <= 3 * built_small * linear + 1000,
        f"building the data set ran {built_small} lines of your code for a file of {small} images and "
        f"annotations, but {built_large} for {large}: the work grows faster than the file (a scan of all the "
        "annotations for each image?); group them by image id in one pass",
    )
    expect(
        got_large <= 3 * got_small * linear + 1000,
        f"getting every item once ran {got_small} lines of your code for a file of {small} images and "
        f"annotations, but {got_large} for {large}: the work grows faster than the file (each item scans all "
        "the annotations?); group them by image id once",
    )
