"""Wrong: the LSTM runs under `torch.no_grad()`, so no gradient reaches the inputs or the weights."""
# fails: gradients_match_reference

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence


def last_hidden_states(lstm: nn.LSTM, padded: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
    with torch.no_grad():
        _, (h_n, _) = lstm(packed)
    return h_n[-1]
