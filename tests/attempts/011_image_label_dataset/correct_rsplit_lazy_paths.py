"""Correct, written differently: rsplit(maxsplit=1) per line, Path joins, np.transpose, division in NumPy float32."""

from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset


class LabeledImageDataset(Dataset):
    def __init__(self, image_dir, labels_file, transform=None):
        lines = [line.strip() for line in Path(labels_file).read_text().splitlines()]
        pairs = [line.rsplit(maxsplit=1) for line in lines if line]
        self.items = [(Path(image_dir) / name.strip(), int(label)) for name, label in pairs]
        self.transform = transform

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        path, label = self.items[index]
        rgb = np.asarray(Image.open(path).convert("RGB"), dtype=np.float32) / np.float32(255)
        image = torch.tensor(np.transpose(rgb, (2, 0, 1)))
        if self.transform is not None:
            image = self.transform(image)
        return image, label
