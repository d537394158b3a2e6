"""Wrong: BCE from log of p clamped to [1e-7, 1 - 1e-7]: finite at +-100, but wrong values and zero gradients."""
# fails: extreme_logits_give_finite_values, extreme_logits_give_finite_gradients

import torch
from torch import nn


def focal_loss(
    logits: torch.Tensor,
    targets: torch.Tensor,
    alpha: float = 0.25,
    gamma: float = 2.0,
    reduction: str = "mean",
) -> torch.Tensor:
    """Sigmoid focal loss of `logits` (any shape) against `targets` (same shape, values in [0, 1])."""
    p = torch.sigmoid(logits)
    pc = p.clamp(1e-7, 1 - 1e-7)
    ce = -(targets * torch.log(pc) + (1 - targets) * torch.log(1 - pc))
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce * (1 - p_t) ** gamma
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    if reduction == "none":
        return loss
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    raise ValueError(f"unknown reduction {reduction!r}")


class FocalLoss(nn.Module):
    """`focal_loss` as a module: `FocalLoss(alpha, gamma, reduction)(logits, targets)`."""

    def __init__(self, alpha: float = 0.25, gamma: float = 2.0, reduction: str = "mean") -> None:
        super().__init__()
        self.alpha = alpha
        self.gamma = gamma
        self.reduction = reduction

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return focal_loss(logits, targets, self.alpha, self.gamma, self.reduction)
