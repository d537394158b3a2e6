"""Question 11 - Image folder dataset with labels.

Write a map-style `Dataset` over a folder of PNG images and a labels file whose lines read `file_name label`
(file names relative to `image_dir`). Each item is the image as a float32 (3, H, W) tensor in [0, 1],
passed through `transform` when one is given, and its label as a Python int.

    >>> # labels.txt:  cat_01.png 3
    >>> #              dogs/dog_07.png 12
    >>> data = LabeledImageDataset("images", "labels.txt")
    >>> len(data), data[1][0].shape, data[1][0].dtype, data[1][1]
    (2, torch.Size([3, 40, 56]), torch.float32, 12)

What the grader checks:
- `len(dataset)` is the number of non-blank lines; the object is a `torch.utils.data.Dataset`; `image_dir`
  and `labels_file` may be a str or a pathlib.Path;
- the last line may lack a newline: it still counts, and its label is read in full;
- item i comes from line i, in file order: `(image, label)` with image a float32 torch.Tensor (3, H, W),
  label an `int` (not a tensor or a str, multi-digit labels too); fields are separated by whitespace (spaces
  or a tab); file names may include a sub-folder;
- pixel values are the PNG's 8-bit values / 255, channels first (R, G, B), for images of different sizes
  with H != W;
- grayscale (L), RGBA and palette (P) PNGs become 3-channel RGB as Pillow's `convert("RGB")` gives them
  (gray copied to R, G and B; alpha dropped, not blended; palette indices looked up);
- blank lines (empty or only whitespace, anywhere, including at the end) are ignored;
- `transform` is called once per item with the float32 (3, H, W) image in [0, 1], and the item's image is
  what it returns; the label is not passed to it;
- images are read in `__getitem__`, on every call (no cache): an image file replaced after the dataset is
  built, or after its item was read, is seen with its new content;
- a listed image that does not exist raises FileNotFoundError naming the file, from the constructor or
  from `__getitem__` of its item (either is accepted);
- a DataLoader over same-sized images gives (B, 3, H, W) float32 batches and (B,) int64 labels.
"""

from collections.abc import Callable
from os import PathLike

import torch
from torch.utils.data import Dataset


class LabeledImageDataset(Dataset):
    def __init__(
        self,
        image_dir: str | PathLike,
        labels_file: str | PathLike,
        transform: Callable[[torch.Tensor], torch.Tensor] | None = None,
    ) -> None:
        # TODO
        raise NotImplementedError

    def __len__(self) -> int:
        # TODO
        raise NotImplementedError

    def __getitem__(self, index: int) -> tuple[torch.Tensor, int]:
        """(image float32 (3, H, W) in [0, 1], after `transform`; label int)."""
        # TODO
        raise NotImplementedError
