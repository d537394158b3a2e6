"""Wrong: "mean" divides the sum by the number of positives (the RetinaNet normaliser), not by the element count."""
# fails: reductions_match_reference, matches_reference_with_defaults
# cause: 'mean' divides by the number of positives (RetinaNet's normaliser), not of elements

import torch
import torch.nn.functional as F
from torch import nn


def focal_loss(logits, targets, alpha=0.25, gamma=2.0, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"unknown reduction {reduction!r}")
    p = torch.sigmoid(logits)
    bce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = (1 - p_t) ** gamma * bce
    if alpha >= 0:
        loss = (alpha * targets + (1 - alpha) * (1 - targets)) * loss
    if reduction == "mean":
        return loss.sum() / targets.sum().clamp_min(1.0)
    if reduction == "sum":
        return loss.sum()
    return loss


class FocalLoss(nn.Module):
    def __init__(self, alpha=0.25, gamma=2.0, reduction="mean"):
        super().__init__()
        self.alpha, self.gamma, self.reduction = alpha, gamma, reduction

    def forward(self, logits, targets):
        return focal_loss(logits, targets, self.alpha, self.gamma, self.reduction)
