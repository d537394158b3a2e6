"""Wrong: computes the loss in float32 and casts the result back to the logits' dtype: a float64 loss with
float32 precision."""
# fails: loss_keeps_the_logits_dtype

import torch
from torch import nn


class LabelSmoothingCrossEntropy(nn.Module):
    def __init__(self, smoothing: float = 0.1, ignore_index: int = -100) -> None:
        super().__init__()
        self.smoothing = smoothing
        self.ignore_index = ignore_index

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        keep = target != self.ignore_index
        safe = torch.where(keep, target, torch.zeros_like(target))
        logp = torch.log_softmax(logits.float(), dim=-1)  # float32, whatever the logits
        nll = -logp.gather(1, safe.unsqueeze(1)).squeeze(1)
        smooth = -logp.mean(dim=-1)
        loss = (1 - self.smoothing) * nll + self.smoothing * smooth
        loss = loss * keep.to(logits.dtype)
        return (loss.sum() / keep.sum().clamp(min=1)).to(logits.dtype)


def train_step(model, batch, loss_fn, optimizer) -> float:
    inputs, targets = batch
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return loss.item()
