"""Wrong: the padded batch goes through the LSTM as is, so h_n has also read the padding steps."""
# fails: matches_each_sequence_run_alone, padding_does_not_leak, gradients_match_reference
# cause: the padded batch went through the LSTM unpacked, so h_n is the state after the padding steps

import torch
from torch import nn


def last_hidden_states(lstm: nn.LSTM, padded: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    _, (h_n, _) = lstm(padded)
    return h_n[-1]
