"""Wrong: the lengths are sorted to satisfy `enforce_sorted=True` but the rows are not, so rows get wrong lengths."""
# fails: matches_each_sequence_run_alone, batch_order_is_kept

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence


def last_hidden_states(lstm: nn.LSTM, padded: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    packed = pack_padded_sequence(padded, lengths.sort(descending=True).values, batch_first=True)
    _, (h_n, _) = lstm(packed)
    return h_n[-1]
