"""Wrong: `lstm.train()` before the run leaves an LSTM that came in eval mode in train mode."""
# fails: output_shape_and_dtype, matches_each_sequence_run_alone

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence


def last_hidden_states(lstm: nn.LSTM, padded: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    lstm.train()
    packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
    _, (h, _) = lstm(packed)
    return h[-1]
