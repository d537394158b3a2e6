"""Question 39 - Label-smoothing cross-entropy loss.

Write `LabelSmoothingCrossEntropy`, a loss module equal to `F.cross_entropy(logits, target,
label_smoothing=smoothing, ignore_index=ignore_index)` without calling it, and `train_step`, one training
step of a model that uses such a loss.

    >>> loss_fn = LabelSmoothingCrossEntropy(smoothing=0.1)
    >>> logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0], [1.0, 1.0, 1.0]])
    >>> loss_fn(logits, torch.tensor([0, 2, -100]))       # the last row is ignored
    tensor(0.3455)
    >>> train_step(model, (inputs, targets), loss_fn, optimizer)   # the loss before the step
    1.0986...

Smoothing follows PyTorch: the target distribution is (1 - s) * one_hot(target) + s / C on every one
of the C classes (the true class included), and the loss of a row is the cross-entropy between it and
softmax(logits).

What the grader checks:
- `loss_fn(logits, target)` with logits (N, C) and int64 targets (N,) returns a 0-dim tensor in the
  dtype of the logits (float32 stays float32, float64 stays float64), computed in that dtype: float64
  logits around 100 match `F.cross_entropy` to float64 precision;
- its value matches `F.cross_entropy` for smoothing 0, 0.1 (the default), 0.3 and 1, N = 1 and odd N,
  C = 2 and larger, and non-contiguous logits;
- logits as large as +-200 give finite values that still match;
- rows whose target is `ignore_index` (the default -100, or any other value, also one that is a valid
  class such as 3) are left out: they add nothing to the loss or to its gradient, and the mean is over
  the other rows only;
- a batch in which every row is ignored gives a loss of exactly 0 (not NaN, unlike `F.cross_entropy`)
  that still backpropagates to the logits, with a zero gradient (not None);
- gradients with respect to the logits match those of `F.cross_entropy`;
- the inputs are not modified;
- `train_step(model, (inputs, targets), loss_fn, optimizer)` puts the model in train mode, computes
  `loss_fn(model(inputs), targets)`, backpropagates, steps the optimizer once and returns the loss (as
  computed before the step) as a Python float; gradients left in the parameters by earlier code must
  not leak into the step: the parameters afterwards match one clean optimizer step;
- a small classifier trained with your loss and your `train_step`, some of its targets ignored, reaches
  at least 90% training accuracy;
- forbidden: `F.cross_entropy` and `nn.CrossEntropyLoss`, and the kernel they call under any name,
  `torch._C._nn.cross_entropy_loss` and `torch.ops.aten.cross_entropy_loss`.
"""

from collections.abc import Callable

import torch
from torch import nn


class LabelSmoothingCrossEntropy(nn.Module):
    def __init__(self, smoothing: float = 0.1, ignore_index: int = -100) -> None:
        super().__init__()
        # TODO
        raise NotImplementedError

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """logits (N, C), target (N,) int64 class indices (or ignore_index) -> the mean loss, shape ()."""
        # TODO
        raise NotImplementedError


def train_step(
    model: nn.Module,
    batch: tuple[torch.Tensor, torch.Tensor],
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    optimizer: torch.optim.Optimizer,
) -> float:
    """One optimisation step on `batch = (inputs, targets)`; returns the loss as a Python float."""
    # TODO
    raise NotImplementedError
