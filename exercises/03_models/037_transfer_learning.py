"""Question 37 - Transfer learning with a frozen backbone.

Adapt a pretrained ResNet-style model (`tiny_resnet()` below) to a new task: give it a new classifier
head, freeze everything else, including the BatchNorm statistics, and build an optimizer for what is
left to train.

    >>> model = tiny_resnet()                      # the grader loads "pretrained" weights into it
    >>> model = replace_head(model, num_classes=3)
    >>> freeze_backbone(model)
    >>> optimizer = make_optimizer(model, lr_head=1e-2)
    >>> model.train(); loss = F.cross_entropy(model(images), labels); loss.backward(); optimizer.step()

The backbone is every module of the model except `model.fc`.
- `replace_head(model, num_classes)` replaces `model.fc` in place with a new
  `nn.Linear(model.fc.in_features, num_classes)` (with bias) and returns `model` itself; the
  pretrained backbone weights are kept.
- `freeze_backbone(model)` is called after `replace_head`. Every backbone parameter stops requiring
  gradients and `fc` keeps requiring them. The backbone's BatchNorm layers stay in eval mode (they
  normalise with their running statistics and never update them) even when `model.train()` is called
  later, any number of times; the rest of the model follows `train()` / `eval()` as usual. Nothing is
  replaced or re-initialised: the BatchNorm layers stay the model's own `nn.BatchNorm2d` modules.
- `make_optimizer(model, lr_head, lr_backbone=0.0)` returns any `torch.optim.Optimizer` holding only
  parameters that require gradients: those of `fc` with lr `lr_head`, and the backbone parameters that
  require gradients (say, a block unfrozen for fine-tuning) with lr `lr_backbone`, in their own group;
  with `lr_backbone=0.0` those are left out.

The grader runs every check on its own copy of `tiny_resnet`, with its own pretrained weights.

What the grader checks:
- `replace_head` returns the same model with a new `fc` of the right sizes for num_classes 1, 3 and 10
  (10 is the old size: the head is still a new layer), also on a narrower `TinyResNet(width=4)` (its fc
  has 8 in_features), and the backbone weights unchanged; the model then outputs (B, num_classes) for
  B = 1 and B = 5;
- after `freeze_backbone`: `requires_grad` is False on every backbone parameter and True on `fc.weight`
  and `fc.bias`; the weights and buffers are unchanged and the BatchNorm layers are still there;
- after `model.train()`, then `model.eval()`, then `model.train()` again: every backbone BatchNorm runs
  its forward in eval mode, `model.training` and `model.fc.training` follow the call (True, False,
  True), each call returns the model itself (as `nn.Module.train()` does), and the first forward after
  each call gives the logits of the model in eval mode and changes no weight or buffer;
- `freeze_backbone` changes only the model it is given: the BatchNorm layers of another `tiny_resnet`
  (built before or after) still run in training mode after its `train()`;
- three training steps with SGD (momentum, weight decay) or Adam (weight decay) given all of
  `model.parameters()` leave every backbone weight and buffer (running_mean, running_var,
  num_batches_tracked) exactly as it was;
- the head learns: 100 Adam steps in `model.train()` on a toy 3-class task (a colour per class) reach at
  least 90% training accuracy;
- `make_optimizer`: returns a `torch.optim.Optimizer`, holds no frozen parameter, holds both `fc`
  parameters at `lr_head`, and after unfreezing `layer2` holds its parameters at `lr_backbone` (or
  leaves them out when `lr_backbone` is 0.0), each parameter once.
"""

import torch
from torch import nn


# Given: the backbone's residual block (do not change).
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


# Given: the pretrained model you fine-tune (do not change).
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


# Given: builds the model (do not change).
def tiny_resnet(num_classes: int = 10) -> TinyResNet:
    return TinyResNet(num_classes)


def replace_head(model: nn.Module, num_classes: int) -> nn.Module:
    """Replace `model.fc` with a new Linear layer for `num_classes` classes; return `model`."""
    # TODO
    raise NotImplementedError


def freeze_backbone(model: nn.Module) -> None:
    """Freeze every parameter but `model.fc`'s and keep the backbone's BatchNorm layers in eval mode."""
    # TODO
    raise NotImplementedError


def make_optimizer(model: nn.Module, lr_head: float, lr_backbone: float = 0.0) -> torch.optim.Optimizer:
    """An optimizer over the trainable parameters: `fc` at `lr_head`, a trainable backbone at `lr_backbone`."""
    # TODO
    raise NotImplementedError
