"""Correct, written differently: os.path, open() and str.split, an existence check in the constructor,
torch.frombuffer on Pillow's bytes, and mul(1 / 255)."""

import os

import torch
from PIL import Image
from torch.utils.data import Dataset


class LabeledImageDataset(Dataset):
    def __init__(self, image_dir, labels_file, transform=None):
        self.transform = transform
        self.paths, self.labels = [], []
        with open(labels_file, encoding="utf-8") as f:
            for raw in f:
                fields = raw.split()
                if not fields:
                    continue
                path = os.path.join(image_dir, fields[0])
                if not os.path.isfile(path):
                    raise FileNotFoundError(f"image not found: {path}")
                self.paths.append(path)
                self.labels.append(int(fields[1]))

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        img = Image.open(self.paths[index]).convert("RGB")
        width, height = img.size
        data = torch.frombuffer(bytearray(img.tobytes()), dtype=torch.uint8)
        image = data.reshape(height, width, 3).movedim(-1, 0).to(torch.float32).mul(1 / 255)
        return (self.transform(image) if self.transform else image), self.labels[index]
