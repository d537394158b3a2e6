"""Wrong: returns the (H, W, 3) array as is, channels last, instead of (3, H, W)."""
# fails: rgb_images_match_reference, gray_rgba_and_palette_become_rgb, works_in_dataloader

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
            pixels = np.array(img.convert("RGB"))
        image = torch.from_numpy(pixels).float() / 255
        if self.transform is not None:
            image = self.transform(image)
        return image, label
