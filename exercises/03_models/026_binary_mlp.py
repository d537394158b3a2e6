"""Question 26 - MLP for binary classification.

Build `BinaryMLP`, a fully connected network that maps (B, in_features) inputs to one logit per row, and
`train_binary`, which trains it with `BCEWithLogitsLoss` and Adam and returns the loss of every epoch.
Each width in `hidden` is a Linear layer followed by an activation and `nn.Dropout(dropout)`; a last
Linear maps to a single logit.

    >>> model = BinaryMLP(4, hidden=(16, 8), dropout=0.1)
    >>> model(torch.randn(5, 4)).shape
    torch.Size([5])
    >>> losses = train_binary(model, X, y, epochs=50)      # X (N, 4), y (N,) of 0/1
    >>> len(losses), losses[-1] < losses[0]
    (50, True)

What the grader checks:
- `forward` returns logits of shape (B,) for B = 1, 7 and 32, in train and in eval mode, for several
  `in_features` (1 included) and `hidden` = (64, 32), (5,), (12, 9, 6) and () (no hidden layer:
  logistic regression);
- the layers follow `hidden`: Linear layers (with biases) in_features -> hidden[0] -> ... -> hidden[-1]
  -> 1 and no other parameters (the grader counts the parameters);
- the outputs are logits, not probabilities: nothing follows the last Linear (outputs that all lie in
  (0, 1), or of which none is negative, on inputs of scale 10 fail);
- dropout: with `dropout` > 0 two forward passes in train mode differ and eval mode is deterministic;
  with `dropout=0.0` (the default) train and eval outputs are equal; dropout follows every hidden
  activation (with `hidden=(32, 48, 40)` each of the three hidden layers drops units in train mode, seen
  at the input of the `nn.Linear` after it) and only those: with `hidden=()` train mode is deterministic
  too, and no logit is dropped to 0;
- `train_binary` returns a list of `epochs` Python floats, one per epoch (full-batch or mini-batch is
  your choice, and so is the mode it leaves the model in); each is the epoch's mean BCE over the rows of
  `X` (with mini-batches: over all the epoch's rows, not the last batch's loss; with `lr=0.0` every epoch
  gives `BCEWithLogitsLoss` of the unchanged model on the whole set, checked on 128 rows);
- it trains the model it is given, in train mode (also when it arrives in eval mode), with Adam at
  learning rate `lr` (`lr=0.0` leaves every parameter as it was; no weight decay: the weight of an input
  feature that is 0 in every row gets no gradient and must not move) and `BCEWithLogitsLoss`: after the
  default 200 epochs the loss of the last epoch is at most 0.1 and the accuracy on the training set is
  at least 95% (prediction: logit > 0, with the model in eval mode), on a set that is separable but not
  linearly (points inside vs outside a circle);
- `y` may hold float32 or int64 0/1 labels;
- `X` and `y` are not modified.
"""

from collections.abc import Sequence

import torch
from torch import nn


class BinaryMLP(nn.Module):
    def __init__(self, in_features: int, hidden: Sequence[int] = (64, 32), dropout: float = 0.0) -> None:
        super().__init__()
        # TODO
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x (B, in_features) -> logits (B,)."""
        # TODO
        raise NotImplementedError


def train_binary(
    model: nn.Module, X: torch.Tensor, y: torch.Tensor, epochs: int = 200, lr: float = 1e-2
) -> list[float]:
    """Train `model` on X (N, in_features) and y (N,) of 0/1 labels; return one loss per epoch."""
    # TODO
    raise NotImplementedError
