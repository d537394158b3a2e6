"""Wrong: the batch is sorted by length for `enforce_sorted=True` and never put back in order."""
# fails: matches_each_sequence_run_alone, batch_order_is_kept
# cause: the rows come back sorted by length: put them back in the batch order (enforce_sorted=False does it for h_n)

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence


def last_hidden_states(lstm: nn.LSTM, padded: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    lengths, order = lengths.sort(descending=True)
    packed = pack_padded_sequence(padded[order], lengths, batch_first=True)
    _, (h_n, _) = lstm(packed)
    return h_n[-1]
