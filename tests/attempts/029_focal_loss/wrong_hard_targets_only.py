"""Wrong: p_t and alpha_t pick a branch with `targets == 1`, so a soft target counts as a negative."""
# fails: soft_targets
# cause: targets compared with 1 (t == 1): soft targets need p_t and alpha_t as weighted sums

import torch
import torch.nn.functional as F
from torch import nn


def focal_loss(logits, targets, alpha=0.25, gamma=2.0, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"unknown reduction {reduction!r}")
    p = torch.sigmoid(logits)
    bce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    positive = targets == 1
    p_t = torch.where(positive, p, 1 - p)
    loss = (1 - p_t) ** gamma * bce
    if alpha >= 0:
        loss = torch.where(positive, alpha, 1 - alpha) * loss
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
