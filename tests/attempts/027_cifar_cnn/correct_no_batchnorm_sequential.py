"""Correct, written differently: a VGG-style nn.Sequential subclass without BatchNorm, a flattened dense
head and dropout as a module (about 580k parameters)."""

from torch import nn


class CifarCNN(nn.Sequential):
    def __init__(self, num_classes=10):
        super().__init__(
            nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(inplace=True),
            nn.MaxPool2d(2),  # (B, 32, 16, 16)
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(inplace=True),
            nn.MaxPool2d(2),  # (B, 64, 8, 8)
            nn.Conv2d(64, 96, 3, padding=1), nn.ReLU(inplace=True),
            nn.MaxPool2d(2),  # (B, 96, 4, 4)
            nn.Flatten(),
            nn.Dropout(0.25),
            nn.Linear(96 * 4 * 4, 320), nn.ReLU(inplace=True),
            nn.Linear(320, num_classes),
        )  # fmt: skip
