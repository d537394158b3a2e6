"""Wrong: len() counts the newlines of the labels file, one short when the last line has no newline."""
# fails: last_line_without_newline

from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset


class LabeledImageDataset(Dataset):
    def __init__(self, image_dir, labels_file, transform=None):
        self.image_dir, self.transform = Path(image_dir), transform
        text = Path(labels_file).read_text()
        self.count = text.count("\n")
        pairs = [line.split() for line in text.splitlines() if line.strip()]
        self.samples = [(name, int(label)) for name, label in pairs]

    def __len__(self):
        return self.count

    def __getitem__(self, index):
        name, label = self.samples[index]
        with Image.open(self.image_dir / name) as img:
            pixels = np.array(img.convert("RGB"))
        image = torch.from_numpy(pixels).permute(2, 0, 1).float() / 255
        if self.transform is not None:
            image = self.transform(image)
        return image, label
