"""Wrong: h_n is indexed with `unsorted_indices` again, though PyTorch already returns it in the batch order."""
# fails: matches_each_sequence_run_alone, batch_order_is_kept
# cause: h_n was reordered with unsorted_indices, but with enforce_sorted=False it is already in the batch order

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence


def last_hidden_states(lstm: nn.LSTM, padded: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
    _, (h_n, _) = lstm(packed)
    return h_n[-1][packed.unsorted_indices]
