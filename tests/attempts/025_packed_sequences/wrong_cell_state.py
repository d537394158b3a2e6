"""Wrong: the cell state c_n is returned instead of the hidden state h_n."""
# fails: matches_each_sequence_run_alone, gradients_match_reference
# cause: that is the cell state c_n, not the hidden state h_n

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence


def last_hidden_states(lstm: nn.LSTM, padded: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
    _, (_, c_n) = lstm(packed)
    return c_n[-1]
