"""Question 25 - Last LSTM states with packed sequences.

A batch of variable-length sequences arrives padded to a common length T, in no particular order of length.
Write `last_hidden_states`, which runs a given LSTM over the batch with `torch.nn.utils.rnn` packing, so that
padding never reaches the LSTM, and returns each sequence's hidden state after its last real step.

    >>> lstm = nn.LSTM(input_size=3, hidden_size=5, batch_first=True)
    >>> padded = torch.randn(4, 7, 3)                 # row i is real up to lengths[i], padding after
    >>> lengths = torch.tensor([3, 7, 1, 5])          # unsorted
    >>> last_hidden_states(lstm, padded, lengths).shape
    torch.Size([4, 5])

What the grader checks:
- the result is float32 (B, H) for B = 1, an odd B, B == T, and T larger than the longest length;
- row i equals running the LSTM (from a zero state) on sequence i alone, `padded[i, :lengths[i]]`:
  padding must not leak, whatever its values (the grader fills it with large random numbers);
- changing the padding values or adding more padding steps changes nothing;
- padding never reaches the LSTM: with NaN on every padding step, the result and the gradients with respect
  to `padded` and every LSTM parameter stay finite;
- the batch order is kept with unsorted lengths (ties and a length-1 sequence included): permuting the
  rows of the batch permutes the rows of the result the same way;
- gradients of a weighted sum of the result match the reference, with respect to `padded` (zero on
  padding steps) and to every LSTM parameter;
- `padded` and `lengths` are not modified, and the LSTM is left as it was (weights, train/eval mode: some
  LSTMs come in eval mode).
The LSTM is `batch_first`, one layer, unidirectional; `lengths` is an int64 CPU tensor.
"""

import torch
from torch import nn


def last_hidden_states(lstm: nn.LSTM, padded: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """padded (B, T, F), lengths (B,) -> the hidden state after each sequence's last real step, (B, H)."""
    # TODO
    raise NotImplementedError
