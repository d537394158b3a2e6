"""Question 29 - Binary focal loss.

Write `focal_loss(logits, targets, alpha, gamma, reduction)`, the sigmoid focal loss of Lin et al.
(RetinaNet): binary cross-entropy that down-weights easy examples, and `FocalLoss`, an `nn.Module` that
wraps it. With p = sigmoid(logits) and targets t in [0, 1]:

    p_t     = p * t + (1 - p) * (1 - t)
    alpha_t = alpha * t + (1 - alpha) * (1 - t)        (alpha < 0: no alpha weighting, alpha_t = 1)
    loss    = alpha_t * (1 - p_t) ** gamma * BCE(logits, t)      per element, then reduced

    >>> logits = torch.tensor([2.0, -1.0, 0.5])
    >>> targets = torch.tensor([1.0, 0.0, 0.0])
    >>> focal_loss(logits, targets, reduction="none")
    tensor([0.0005, 0.0170, 0.2831])
    >>> FocalLoss(alpha=-1, gamma=0.0)(logits, targets)       # == F.binary_cross_entropy_with_logits
    tensor(0.4714)

What the grader checks:
- shapes: `reduction="none"` keeps the shape of `logits` (1-D, 2-D and 3-D inputs, a single element);
  "mean" (the mean over all elements) and "sum" give a 0-d tensor;
- values vs the reference for the defaults and for other alpha and gamma (alpha = 0.75, gamma = 0.5,
  gamma = 0, gamma = 1, alpha = 0 (a weight: only the negatives count), alpha < 0), on hard 0/1 targets;
  float64 input stays float64;
- the weighting depends on the target: p_t and alpha_t as above (a weight of (1 - p) ** gamma for every
  element, whatever its target, is wrong);
- gamma = 0 with alpha < 0 equals `F.binary_cross_entropy_with_logits`, for every reduction;
- "none", "mean" and "sum" vs the reference; any other `reduction` raises `ValueError`;
- logits of +-100 (and +-30) with targets 0 and 1, for gamma = 0, 1 and 2: finite values that match the
  reference, and finite gradients that match the reference (a log of a saturated sigmoid gives inf or NaN);
- soft targets anywhere in [0, 1] (for example 0.1, 0.5, 0.9) follow the formulas above;
- gradients with respect to `logits` match the reference (through the focal weight too);
- `FocalLoss(alpha, gamma, reduction)` is an `nn.Module` whose `forward(logits, targets)` gives
  `focal_loss` with those settings (defaults 0.25, 2.0, "mean");
- the inputs are not modified.
`logits` and `targets` have the same shape and a float dtype.
"""

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
    # TODO
    raise NotImplementedError


class FocalLoss(nn.Module):
    """`focal_loss` as a module: `FocalLoss(alpha, gamma, reduction)(logits, targets)`."""

    def __init__(self, alpha: float = 0.25, gamma: float = 2.0, reduction: str = "mean") -> None:
        super().__init__()
        # TODO
        raise NotImplementedError

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        # TODO
        raise NotImplementedError
