"""Wrong: `output[:, -1]` of the re-padded output is a padding step (zeros) for every shorter sequence."""
# fails: matches_each_sequence_run_alone, padding_does_not_leak
# cause: output[:, -1] of the padded output is a padding step (zeros) for the shorter sequences

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


def last_hidden_states(lstm: nn.LSTM, padded: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
    output, _ = lstm(packed)
    output, _ = pad_packed_sequence(output, batch_first=True, total_length=padded.shape[1])
    return output[:, -1]
