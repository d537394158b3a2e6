"""Wrong: the label is kept as the str from the file, not converted to int."""
# fails: items_are_float_image_and_int_label, works_in_dataloader

from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset


class LabeledImageDataset(Dataset):
    def __init__(self, image_dir, labels_file, transform=None):
        self.image_dir, self.transform = Path(image_dir), transform
        self.samples = []
        for line in Path(labels_file).read_text().splitlines():
            if line.strip():
                name, label = line.split()
                self.samples.append((name, label))

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, index):
        name, label = self.samples[index]
        with Image.open(self.image_dir / name) as img:
            pixels = np.array(img.convert("RGB"))
        image = torch.from_numpy(pixels).permute(2, 0, 1).float() / 255
        if self.transform is not None:
            image = self.transform(image)
        return image, label
