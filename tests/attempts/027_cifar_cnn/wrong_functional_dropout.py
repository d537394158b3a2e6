"""Wrong: `F.dropout(x, 0.3)` without `training=self.training` keeps dropping features in eval mode."""
# fails: eval_output_is_deterministic

import torch.nn.functional as F
from torch import nn


class CifarCNN(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(32)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(64)
        self.conv3 = nn.Conv2d(64, 128, 3, padding=1)
        self.bn3 = nn.BatchNorm2d(128)
        self.pool = nn.MaxPool2d(2)
        self.dropout = nn.Dropout(0.3)
        self.fc = nn.Linear(128, num_classes)

    def forward(self, x):
        x = self.pool(F.relu(self.bn1(self.conv1(x))))  # (B, 32, 16, 16)
        x = self.pool(F.relu(self.bn2(self.conv2(x))))  # (B, 64, 8, 8)
        x = self.pool(F.relu(self.bn3(self.conv3(x))))  # (B, 128, 4, 4)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)  # (B, 128)
        return self.fc(F.dropout(x, 0.3))
