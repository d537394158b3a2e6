"""Correct, written differently: sort by length, pack, unpack, gather each row's output at its last real step
(`lengths - 1`), and undo the sort with the inverse permutation."""

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


def last_hidden_states(lstm: nn.LSTM, padded: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    sorted_lengths, order = torch.sort(lengths, descending=True)
    packed = pack_padded_sequence(padded.index_select(0, order), sorted_lengths, batch_first=True)
    output, _ = pad_packed_sequence(lstm(packed)[0], batch_first=True)  # (B, T_max, H), sorted rows
    rows = torch.arange(len(lengths))
    last = output[rows, sorted_lengths - 1]  # (B, H) in sorted order
    return last[torch.argsort(order)]
