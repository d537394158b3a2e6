"""Wrong: ignored rows are dropped from the NLL term, but the smoothing term still averages over every row."""
# fails: ignored_rows_are_left_out, gradients_match_cross_entropy
# cause: ignored rows still add their smoothing term

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
        nll = -log_probs[keep].gather(-1, target[keep].unsqueeze(-1)).squeeze(-1)
        nll = nll.sum() / keep.sum().clamp(min=1)
        smooth = -log_probs.mean(-1).mean() if keep.any() else log_probs.sum() * 0
        return (1 - self.smoothing) * nll + self.smoothing * smooth


def train_step(model, batch, loss_fn, optimizer) -> float:
    inputs, targets = batch
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return loss.item()
