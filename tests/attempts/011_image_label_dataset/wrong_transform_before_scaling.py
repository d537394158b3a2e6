"""Wrong: applies the transform to the uint8 tensor, before converting to float in [0, 1]."""
# fails: transform_applied

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
            image = torch.from_numpy(np.array(img.convert("RGB"))).permute(2, 0, 1)
        if self.transform is not None:
            image = self.transform(image)
        return image.float() / 255, label
