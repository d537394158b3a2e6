"""Wrong: returns a fresh torch.tensor(0.0) for an all-ignored batch, which cannot backpropagate."""
# fails: all_ignored_batch_gives_zero

import torch
from torch import nn


class LabelSmoothingCrossEntropy(nn.Module):
    def __init__(self, smoothing: float = 0.1, ignore_index: int = -100) -> None:
        super().__init__()
        self.smoothing = smoothing
        self.ignore_index = ignore_index

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        keep = target != self.ignore_index
        if not keep.any():
            return torch.tensor(0.0, dtype=logits.dtype)
        log_probs = logits[keep].log_softmax(-1)
        nll = -log_probs.gather(-1, target[keep].unsqueeze(-1)).squeeze(-1)
        return ((1 - self.smoothing) * nll - self.smoothing * log_probs.mean(-1)).mean()


def train_step(model, batch, loss_fn, optimizer) -> float:
    inputs, targets = batch
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return loss.item()
