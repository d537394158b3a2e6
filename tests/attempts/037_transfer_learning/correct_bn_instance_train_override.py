"""Correct, written differently: each backbone BatchNorm gets its own `train` method pinned to eval
(types.MethodType on the instance), requires_grad_ on whole modules, AdamW with per-group lrs."""

import types

import torch
from torch import nn


class BasicBlock(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.downsample = None
        if stride != 1 or in_channels != out_channels:
            self.downsample = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False), nn.BatchNorm2d(out_channels)
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        identity = x if self.downsample is None else self.downsample(x)
        return torch.relu(out + identity)


class TinyResNet(nn.Module):
    """A two-block ResNet for small images: (B, 3, H, W) -> (B, num_classes)."""

    def __init__(self, num_classes: int = 10, width: int = 8) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.layer1 = BasicBlock(width, width)
        self.layer2 = BasicBlock(width, 2 * width, stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(2 * width, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = torch.relu(self.bn1(self.conv1(x)))
        x = self.layer2(self.layer1(x))
        return self.fc(self.avgpool(x).flatten(1))


def tiny_resnet(num_classes: int = 10) -> TinyResNet:
    return TinyResNet(num_classes)


def replace_head(model, num_classes):
    old = model.fc
    model.fc = nn.Linear(old.in_features, num_classes, bias=True)
    return model


def _stay_eval(self, mode=True):
    return nn.Module.train(self, False)


def freeze_backbone(model):
    model.requires_grad_(False)
    model.fc.requires_grad_(True)
    for name, m in model.named_children():
        if name == "fc":
            continue
        for sub in m.modules() if not isinstance(m, nn.BatchNorm2d) else [m]:
            if isinstance(sub, nn.modules.batchnorm._BatchNorm):
                sub.train = types.MethodType(_stay_eval, sub)
                sub.train(False)


def make_optimizer(model, lr_head, lr_backbone=0.0):
    fc_ids = {id(p) for p in model.fc.parameters()}
    groups = [{"params": [p for p in model.fc.parameters() if p.requires_grad], "lr": lr_head}]
    rest = [p for p in model.parameters() if p.requires_grad and id(p) not in fc_ids]
    if rest and lr_backbone != 0.0:
        groups.append({"params": rest, "lr": lr_backbone})
    return torch.optim.AdamW(groups, weight_decay=0.0)
