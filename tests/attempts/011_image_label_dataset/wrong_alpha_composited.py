"""Wrong: composites RGBA images onto black before dropping alpha, so colours are scaled by alpha."""
# fails: gray_rgba_and_palette_become_rgb
# cause: the colours were blended with alpha; convert("RGB") drops alpha

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
            pixels = np.array(img.convert("RGBA")).astype(np.float32)
        rgb = pixels[:, :, :3] * (pixels[:, :, 3:] / 255)
        image = torch.from_numpy(rgb).permute(2, 0, 1) / 255
        if self.transform is not None:
            image = self.transform(image)
        return image, label
