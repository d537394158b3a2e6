"""Wrong: `pack_padded_sequence` without `batch_first=True` reads dim 0 as time."""
# fails: output_shape_and_dtype, matches_each_sequence_run_alone

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence


def last_hidden_states(lstm: nn.LSTM, padded: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    packed = pack_padded_sequence(padded, lengths, enforce_sorted=False)
    _, (h_n, _) = lstm(packed)
    return h_n[-1]
