"""Wrong: an all-ignored batch returns torch.zeros((), requires_grad=True): backward runs, but the logits
get no gradient at all."""
# fails: all_ignored_batch_gives_zero

from collections.abc import Callable

import torch
from torch import nn


class LabelSmoothingCrossEntropy(nn.Module):
    def __init__(self, smoothing: float = 0.1, ignore_index: int = -100) -> None:
        super().__init__()
        self.smoothing = smoothing
        self.ignore_index = ignore_index

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        keep = target != self.ignore_index  # (N,)
        if not keep.any():
            return torch.zeros((), dtype=logits.dtype, requires_grad=True)
        log_probs = logits.log_softmax(dim=-1)  # (N, C), stable for large logits
        safe = target.masked_fill(~keep, 0)  # ignore_index may be out of range for gather
        nll = -log_probs.gather(-1, safe.unsqueeze(-1)).squeeze(-1)  # (N,)
        uniform = -log_probs.mean(dim=-1)  # (N,) cross-entropy with the uniform distribution
        per_row = (1 - self.smoothing) * nll + self.smoothing * uniform
        total = per_row.masked_fill(~keep, 0.0).sum()
        return total / keep.sum().clamp(min=1)  # all ignored: 0, still attached to the graph


def train_step(
    model: nn.Module,
    batch: tuple[torch.Tensor, torch.Tensor],
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    optimizer: torch.optim.Optimizer,
) -> float:
    inputs, targets = batch
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return loss.item()
