"""Question 17 - COCO annotations to a Dataset.

Write `CocoDetection`, a map-style `Dataset` over a COCO instances file (`annotation_file`, the JSON with
"images", "annotations" and "categories") and its folder of images, giving what detection models such
as torchvision's Faster R-CNN train on: an image tensor and a target dict per image.

    >>> data = CocoDetection("annotations/instances_val.json", "val_images/")
    >>> image, target = data[0]                       # the image with the smallest id
    >>> image.shape, image.dtype                      # (3, H, W) float32 in [0, 1]
    (torch.Size([3, 480, 640]), torch.float32)
    >>> target["boxes"][:1], target["labels"][:1], target["image_id"]
    (tensor([[ 12.5000,  40.0000, 112.5000, 240.0000]]), tensor([3]), 139)

A target holds, for the N annotations of the image, in the order they appear in the file:
`boxes` (N, 4) float32 [x1, y1, x2, y2] in pixels (COCO's "bbox" is [x, y, width, height]); `labels`
(N,) int64, each category id mapped to 1..K, K being the number of categories of the file, in order of
ascending category id (the smallest id becomes 1, whatever order the categories are listed in);
`image_id` the image's id as a Python int; `area` (N,) float32, the annotation's "area" field (width *
height of the box when the field is absent); `iscrowd` (N,) int64, crowd annotations included.

What the grader checks:
- `len(data)` counts every image of the file, with or without annotations; `annotation_file` and
  `image_dir` may be `str` or `pathlib.Path`;
- items are in ascending image id order (not the order of the "images" list), and `image_id` is an int;
- the image is float32 (3, H, W) with the file's pixels scaled to [0, 1], for images of different sizes
  (H != W); grayscale PNGs become 3-channel RGB (the gray value in each channel), RGBA PNGs keep their
  R, G, B values (the alpha channel is dropped, not blended in);
- target dtypes: `boxes` float32, `labels` int64, `area` float32, `iscrowd` int64;
- each target lists the image's annotations in the order they appear in the file, whatever their
  annotation ids, boxes of zero width or height included (no annotation is filtered out);
- `boxes` are xyxy: [x, y, x + width, y + height], with fractional coordinates;
- `labels` follow the sorted category ids, with category ids out of order in the file, not starting at
  1, with gaps, and a category that no annotation uses (it still takes its place in 1..K);
- an image without annotations gives `boxes` of shape (0, 4), and `labels`, `area`, `iscrowd` of shape
  (0,), with the dtypes above;
- `area` is the annotation's field (which differs from width * height in real COCO files) or width *
  height when absent; `iscrowd` is the annotation's flag;
- reading every item again (a second epoch) gives the same images and targets: getting an item must not
  change what the data set keeps (the loaded annotations, tensors it caches);
- the annotations are grouped by image once, in O(number of annotations): the grader counts the lines of
  your code that run while building the data set and while getting every item once, and neither may
  grow faster than the file, as a Python loop over all the annotations for each image or each item does
  (build an image id -> annotations index, in `__init__` or on first use).
"""

from pathlib import Path

import torch
from torch.utils.data import Dataset


class CocoDetection(Dataset):
    """`(image float32 (3, H, W), target dict)` per image of a COCO instances file, by ascending image id."""

    def __init__(self, annotation_file: str | Path, image_dir: str | Path) -> None:
        # TODO
        raise NotImplementedError

    def __len__(self) -> int:
        # TODO
        raise NotImplementedError

    def __getitem__(self, index: int) -> tuple[torch.Tensor, dict]:
        # TODO
        raise NotImplementedError
