"""Wrong: the padding steps are zeroed in the caller's tensor (in place) before packing."""
# fails: matches_each_sequence_run_alone

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence


def last_hidden_states(lstm: nn.LSTM, padded: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    mask = torch.arange(padded.shape[1])[None, :] >= lengths[:, None]  # (B, T) padding steps
    padded[mask] = 0.0
    packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
    _, (h_n, _) = lstm(packed)
    return h_n[-1]
