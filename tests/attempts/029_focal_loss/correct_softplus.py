"""Correct attempt: BCE as softplus(x) - t*x, 1 - p_t written directly, match statement for reduction."""

import torch
import torch.nn.functional as F
from torch import nn


def focal_loss(logits, targets, alpha=0.25, gamma=2.0, reduction="mean"):
    bce = F.softplus(logits) - targets * logits
    p = torch.sigmoid(logits)
    one_minus_pt = targets * (1 - p) + (1 - targets) * p
    loss = bce * one_minus_pt**gamma
    if not alpha < 0:
        loss = loss * torch.lerp(torch.full_like(targets, 1 - alpha), torch.full_like(targets, alpha), targets)
    match reduction:
        case "none":
            return loss
        case "mean":
            return loss.sum() / loss.numel()
        case "sum":
            return loss.sum()
    raise ValueError(reduction)


class FocalLoss(nn.Module):
    def __init__(self, alpha=0.25, gamma=2.0, reduction="mean"):
        super().__init__()
        self.kw = dict(alpha=alpha, gamma=gamma, reduction=reduction)

    def forward(self, logits, targets):
        return focal_loss(logits, targets, **self.kw)
