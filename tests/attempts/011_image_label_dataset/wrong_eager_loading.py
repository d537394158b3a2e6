"""Wrong: decodes every image in `__init__`, so an image file replaced later is never seen."""
# fails: images_read_on_every_getitem

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
        self.images = []
        for name, _ in self.samples:
            with Image.open(self.image_dir / name) as img:
                pixels = np.array(img.convert("RGB"))
            self.images.append(torch.from_numpy(pixels).permute(2, 0, 1).float() / 255)

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, index):
        image = self.images[index]
        if self.transform is not None:
            image = self.transform(image)
        return image, self.samples[index][1]
