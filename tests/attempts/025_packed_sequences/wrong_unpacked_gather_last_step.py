"""Wrong: no packing: the LSTM runs over the padded batch and output[i, lengths[i] - 1] is gathered (right values,
but padding reaches the LSTM)."""
# fails: nan_padding_never_reaches_the_lstm

import torch
from torch import nn


def last_hidden_states(lstm: nn.LSTM, padded: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    out, _ = lstm(padded)
    return out[torch.arange(out.size(0)), lengths - 1]
