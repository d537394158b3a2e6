"""Wrong: caches each decoded image at its first read, so a file replaced after that read is never seen."""
# fails: images_read_on_every_getitem

from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset


class LabeledImageDataset(Dataset):
    def __init__(self, image_dir, labels_file, transform=None):
        self.image_dir = Path(image_dir)
        self.transform = transform
        self.items = []
        for line in Path(labels_file).read_text().splitlines():
            parts = line.split()
            if not parts:
                continue
            name, label = parts[0], parts[1]
            self.items.append((name, int(label)))

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        name, label = self.items[index]
        cache = self.__dict__.setdefault("_cache", {})
        if name not in cache:
            with Image.open(self.image_dir / name) as im:
                cache[name] = np.array(im.convert("RGB"))
        arr = cache[name]
        img = torch.from_numpy(arr).permute(2, 0, 1).float() / 255
        if self.transform is not None:
            img = self.transform(img)
        return img, label
