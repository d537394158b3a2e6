"""Correct attempt: plain VGG-style convs without BatchNorm, Dropout(0.5) in the classifier, adaptive pool."""

import torch
from torch import nn


class CifarCNN(nn.Module):
    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        layers = []
        cin = 3
        for cout in (32, 64, 128):
            layers += [
                nn.Conv2d(cin, cout, 3, padding=1),
                nn.ReLU(),
                nn.Conv2d(cout, cout, 3, padding=1),
                nn.ReLU(),
                nn.MaxPool2d(2),
            ]
            cin = cout
        self.body = nn.Sequential(*layers, nn.AdaptiveAvgPool2d(2))
        self.head = nn.Sequential(
            nn.Dropout(0.5), nn.Linear(128 * 4, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, num_classes)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(torch.flatten(self.body(x), start_dim=1))
