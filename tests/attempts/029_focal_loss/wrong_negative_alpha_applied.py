"""Wrong: alpha is always applied, so alpha = -1 weights positives by -1 and negatives by 2."""
# fails: matches_reference_for_other_alpha_and_gamma, gamma_0_without_alpha_is_bce, extreme_logits_give_finite_values
# cause: alpha < 0 must switch the alpha weighting off (alpha_t = 1)

import torch
import torch.nn.functional as F
from torch import nn


def focal_loss(logits, targets, alpha=0.25, gamma=2.0, reduction="mean"):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"unknown reduction {reduction!r}")
    p = torch.sigmoid(logits)
    bce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
    loss = alpha_t * (1 - p_t) ** gamma * bce
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
