"""Question 25 - Last LSTM states with packed sequences (reference)."""

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence


def last_hidden_states(lstm: nn.LSTM, padded: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    # enforce_sorted=False sorts by length inside and returns h_n in the caller's batch order.
    packed = pack_padded_sequence(padded, lengths.cpu(), batch_first=True, enforce_sorted=False)
    _, (h_n, _) = lstm(packed)  # h_n (num_layers=1, B, H)
    return h_n[-1]  # (B, H)
