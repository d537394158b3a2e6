"""Question 30 - Elman RNN with an explicit loop.

Write `ManualRNN`, a single-layer tanh RNN over batch-first sequences that computes, step by step in a
Python loop over time, h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh), and `RNNForecaster`,
which reads a univariate series (B, T, 1) and predicts its next value (B, 1).

    >>> rnn = ManualRNN(input_size=3, hidden_size=5)
    >>> outputs, h_n = rnn(torch.randn(2, 7, 3))             # h0=None: start from zeros
    >>> outputs.shape, h_n.shape
    (torch.Size([2, 7, 5]), torch.Size([1, 2, 5]))
    >>> RNNForecaster(hidden_size=32)(torch.randn(4, 12, 1)).shape
    torch.Size([4, 1])

What the grader checks:
- the parameters are exactly `weight_ih_l0` (H, F), `weight_hh_l0` (H, H), `bias_ih_l0` (H,) and
  `bias_hh_l0` (H,), named and shaped as in `nn.RNN` (F = input_size, H = hidden_size);
- they are initialised as `nn.RNN` does: every value uniform in [-1/sqrt(H), 1/sqrt(H)];
- shapes: outputs (B, T, H) and h_n (1, B, H), for B != T, B = 1, T = 1, F = 1, with and without `h0`;
- values vs `nn.RNN(F, H, batch_first=True)` carrying the same weights: outputs and h_n, on short and
  long (T = 30) sequences and on a non-contiguous x;
- `h0` (1, B, H) is the initial state; `h0=None` means zeros;
- gradients vs `nn.RNN` with the same weights: with respect to x, h0 and all four parameters;
- forbidden inside `ManualRNN`: `nn.RNN`, `nn.RNNCell`, `torch.rnn_tanh` and `torch.rnn_tanh_cell`
  (a call is refused with "forbidden call"): the loop computes each step itself;
- `RNNForecaster(hidden_size)` returns (B, 1) for B = 1 and 5, T = 1 and 12;
- it trains on a sine wave: Adam (lr 1e-2) on batches of 32 windows of 12 steps of sin(2 pi t / 16) with
  random phases, 150 steps, with a training loss <= 0.02 at the last step; then the mean squared error of
  the next value on new windows is <= 0.005 (repeating the last value scores about 0.076). The
  forecaster may use any layers, `nn.RNN` and `nn.RNNCell` included;
- the inputs are not modified.
"""

import torch
from torch import nn


class ManualRNN(nn.Module):
    def __init__(self, input_size: int, hidden_size: int) -> None:
        super().__init__()
        # TODO
        raise NotImplementedError

    def forward(self, x: torch.Tensor, h0: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """x (B, T, F), h0 (1, B, H) or None -> outputs (B, T, H), h_n (1, B, H)."""
        # TODO
        raise NotImplementedError


class RNNForecaster(nn.Module):
    def __init__(self, hidden_size: int) -> None:
        super().__init__()
        # TODO
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x (B, T, 1) -> the predicted next value (B, 1)."""
        # TODO
        raise NotImplementedError
