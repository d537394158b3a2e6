"""Wrong: every element is weighted by alpha * (1 - p) ** gamma, whatever its target."""
# fails: matches_reference_with_defaults, matches_reference_for_other_alpha_and_gamma, soft_targets
# cause: the weight ignores the target: alpha * (1 - p) ** gamma for every element (use alpha_t and p_t)

import torch
import torch.nn.functional as F
from torch import nn


def focal_loss(logits, targets, alpha=0.25, gamma=2.0, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"unknown reduction {reduction!r}")
    bce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    p = torch.sigmoid(logits)
    weight = (1 - p) ** gamma
    if alpha >= 0:
        weight = alpha * weight
    loss = weight * bce
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
