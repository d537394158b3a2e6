"""Wrong: 1 - s on the true class and s / (C - 1) on each other class, not PyTorch's s / C on every class."""
# fails: matches_cross_entropy, gradients_match_cross_entropy
# cause: the smoothing went to the C - 1 other classes only (PyTorch spreads s / C over all C classes)

import torch
from torch import nn


class LabelSmoothingCrossEntropy(nn.Module):
    def __init__(self, smoothing: float = 0.1, ignore_index: int = -100) -> None:
        super().__init__()
        self.smoothing = smoothing
        self.ignore_index = ignore_index

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        n_classes = logits.shape[-1]
        keep = target != self.ignore_index
        with torch.no_grad():
            dist = torch.full_like(logits, self.smoothing / (n_classes - 1))
            dist.scatter_(-1, target.clamp(min=0).unsqueeze(-1), 1 - self.smoothing)
        per_row = -(dist * logits.log_softmax(-1)).sum(-1)
        return torch.where(keep, per_row, 0.0).sum() / keep.sum().clamp(min=1)


def train_step(model, batch, loss_fn, optimizer) -> float:
    inputs, targets = batch
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return loss.item()
