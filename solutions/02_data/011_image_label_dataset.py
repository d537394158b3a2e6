"""Question 11 - Image folder dataset with labels (reference)."""

from collections.abc import Callable
from os import PathLike
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset


class LabeledImageDataset(Dataset):
    def __init__(
        self,
        image_dir: str | PathLike,
        labels_file: str | PathLike,
        transform: Callable[[torch.Tensor], torch.Tensor] | None = None,
    ) -> None:
        self.image_dir = Path(image_dir)
        self.transform = transform
        self.samples: list[tuple[str, int]] = []  # (file name, label); images are read in __getitem__
        for line in Path(labels_file).read_text().splitlines():
            if line.strip():
                name, label = line.split()
                self.samples.append((name, int(label)))

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, int]:
        name, label = self.samples[index]
        with Image.open(self.image_dir / name) as img:  # FileNotFoundError names the path
            pixels = np.array(img.convert("RGB"))  # (H, W, 3) uint8; L, RGBA and P become RGB
        image = torch.from_numpy(pixels).permute(2, 0, 1).float() / 255  # (3, H, W) in [0, 1]
        if self.transform is not None:
            image = self.transform(image)
        return image, label
