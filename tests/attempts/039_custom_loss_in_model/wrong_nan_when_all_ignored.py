"""Wrong: divides by the number of kept rows without a guard, so an all-ignored batch gives 0 / 0 = NaN."""
# fails: all_ignored_batch_gives_zero

import torch
from torch import nn


class LabelSmoothingCrossEntropy(nn.Module):
    def __init__(self, smoothing: float = 0.1, ignore_index: int = -100) -> None:
        super().__init__()
        self.smoothing = smoothing
        self.ignore_index = ignore_index

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        log_probs = logits.log_softmax(-1)
        keep = target != self.ignore_index
        nll = -log_probs.gather(-1, target.clamp(min=0).unsqueeze(-1)).squeeze(-1)
        per_row = (1 - self.smoothing) * nll - self.smoothing * log_probs.mean(-1)
        return per_row[keep].sum() / keep.sum()


def train_step(model, batch, loss_fn, optimizer) -> float:
    inputs, targets = batch
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return loss.item()
