"""Wrong: calls F.cross_entropy, which this question forbids (and which gives NaN on an all-ignored batch)."""
# fails: loss_is_a_scalar, matches_cross_entropy, gradients_match_cross_entropy, trains_a_classifier_with_your_loss

import torch
import torch.nn.functional as F
from torch import nn


class LabelSmoothingCrossEntropy(nn.Module):
    def __init__(self, smoothing: float = 0.1, ignore_index: int = -100) -> None:
        super().__init__()
        self.smoothing = smoothing
        self.ignore_index = ignore_index

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        if bool((target == self.ignore_index).all()):
            return logits.sum() * 0
        return F.cross_entropy(logits, target, label_smoothing=self.smoothing, ignore_index=self.ignore_index)


def train_step(model, batch, loss_fn, optimizer) -> float:
    inputs, targets = batch
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return loss.item()
