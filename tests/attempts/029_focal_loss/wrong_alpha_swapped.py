"""Wrong: alpha weights the negatives and 1 - alpha the positives (the two are swapped)."""
# fails: matches_reference_with_defaults, matches_reference_for_other_alpha_and_gamma, soft_targets
# cause: alpha and 1 - alpha are swapped: alpha_t is alpha for the positives (t = 1)

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
        loss = ((1 - alpha) * targets + alpha * (1 - targets)) * loss
    return {"mean": loss.mean, "sum": loss.sum}.get(reduction, lambda: loss)()


class FocalLoss(nn.Module):
    def __init__(self, alpha=0.25, gamma=2.0, reduction="mean"):
        super().__init__()
        self.alpha, self.gamma, self.reduction = alpha, gamma, reduction

    def forward(self, logits, targets):
        return focal_loss(logits, targets, self.alpha, self.gamma, self.reduction)
