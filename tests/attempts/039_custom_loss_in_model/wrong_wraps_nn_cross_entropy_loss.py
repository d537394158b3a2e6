"""Wrong: wraps nn.CrossEntropyLoss, which this question forbids, in the module."""
# fails: loss_is_a_scalar, matches_cross_entropy, gradients_match_cross_entropy, trains_a_classifier_with_your_loss

import torch
from torch import nn


class LabelSmoothingCrossEntropy(nn.Module):
    def __init__(self, smoothing: float = 0.1, ignore_index: int = -100) -> None:
        super().__init__()
        self.inner = nn.CrossEntropyLoss(label_smoothing=smoothing, ignore_index=ignore_index, reduction="sum")
        self.ignore_index = ignore_index

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        kept = (target != self.ignore_index).sum().clamp(min=1)
        return self.inner(logits, target) / kept  # a sum over no rows is 0, not NaN


def train_step(model, batch, loss_fn, optimizer) -> float:
    inputs, targets = batch
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return loss.item()
