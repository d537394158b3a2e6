"""Question 27 - Small CNN for CIFAR-10 (reference)."""

import torch
from torch import nn


def conv_block(c_in: int, c_out: int) -> nn.Sequential:
    # No conv bias: BatchNorm's shift takes its place.
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU())


class CifarCNN(nn.Module):
    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.features = nn.Sequential(
            conv_block(3, 32), nn.MaxPool2d(2),  # (B, 32, 16, 16)
            conv_block(32, 64), nn.MaxPool2d(2),  # (B, 64, 8, 8)
            conv_block(64, 128), nn.MaxPool2d(2),  # (B, 128, 4, 4)
            conv_block(128, 256),  # (B, 256, 4, 4)
        )  # fmt: skip
        self.classifier = nn.Sequential(
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(256, num_classes)
        )  # about 390k parameters in all

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))  # (B, num_classes) logits
