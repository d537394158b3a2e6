"""Correct, written differently: log-sigmoids for the cross-entropy and sigmoid(-x) for 1 - p, in a module."""

import torch
import torch.nn.functional as F
from torch import nn


class FocalLoss(nn.Module):
    def __init__(self, alpha: float = 0.25, gamma: float = 2.0, reduction: str = "mean") -> None:
        super().__init__()
        if reduction not in {"none", "mean", "sum"}:
            raise ValueError(reduction)
        self.alpha, self.gamma, self.reduction = alpha, gamma, reduction

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        t = targets
        ce = -(t * F.logsigmoid(logits) + (1 - t) * F.logsigmoid(-logits))
        one_minus_p_t = t * torch.sigmoid(-logits) + (1 - t) * torch.sigmoid(logits)
        loss = ce * one_minus_p_t.pow(self.gamma)
        if self.alpha >= 0:
            loss = loss * torch.lerp(torch.full_like(t, 1 - self.alpha), torch.full_like(t, self.alpha), t)
        if self.reduction == "none":
            return loss
        return loss.sum() if self.reduction == "sum" else loss.sum() / loss.numel()


def focal_loss(logits, targets, alpha=0.25, gamma=2.0, reduction="mean"):
    return FocalLoss(alpha, gamma, reduction)(logits, targets)
