"""Wrong: train_step never clears the gradients, so whatever .grad held before is added into the step."""
# fails: train_step_makes_one_clean_optimizer_step
# cause: the gradients left from earlier were not cleared before backward() (zero_grad first)

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
        return torch.where(keep, per_row, 0.0).sum() / keep.sum().clamp(min=1)


def train_step(model, batch, loss_fn, optimizer) -> float:
    inputs, targets = batch
    model.train()
    loss = loss_fn(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return loss.item()
