"""Wrong: converts only mode L to RGB; RGBA keeps 4 channels and palette images stay indices."""
# fails: gray_rgba_and_palette_become_rgb, works_in_dataloader

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
                self.samples.append((name, int(label)))

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, index):
        name, label = self.samples[index]
        with Image.open(self.image_dir / name) as img:
            if img.mode == "L":
                img = img.convert("RGB")
            pixels = np.array(img)
        if pixels.ndim == 2:
            pixels = np.stack([pixels] * 3, axis=-1)
        image = torch.from_numpy(pixels).permute(2, 0, 1).float() / 255
        if self.transform is not None:
            image = self.transform(image)
        return image, label
