"""Wrong: p_t = exp(-BCE) is the probability of the true class only for 0/1 targets, not for soft ones."""
# fails: soft_targets
# cause: p_t = exp(-BCE) holds for 0/1 targets only; with soft targets use p * t + (1 - p) * (1 - t)

import torch
import torch.nn.functional as F
from torch import nn


def focal_loss(logits, targets, alpha=0.25, gamma=2.0, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"unknown reduction {reduction!r}")
    bce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    p_t = torch.exp(-bce)
    loss = (1 - p_t) ** gamma * bce
    if alpha >= 0:
        loss = (alpha * targets + (1 - alpha) * (1 - targets)) * loss
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


class FocalLoss(nn.Module):
    def __init__(self, alpha=0.25, gamma=2.0, reduction="mean"):
        super().__init__()
        self.alpha, self.gamma, self.reduction = alpha, gamma, reduction

    def forward(self, logits, targets):
        return focal_loss(logits, targets, self.alpha, self.gamma, self.reduction)
