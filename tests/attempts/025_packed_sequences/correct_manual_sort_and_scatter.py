"""Correct, written differently: sorts by hand (stable), packs sorted, inverts the permutation with scatter,
explicit zero state."""

import torch
from torch.nn.utils.rnn import pack_padded_sequence


def last_hidden_states(lstm, padded, lengths):
    order = torch.argsort(lengths, descending=True, stable=True)
    packed = pack_padded_sequence(padded.index_select(0, order), lengths[order], batch_first=True)
    B, H = padded.shape[0], lstm.hidden_size
    h0 = padded.new_zeros(1, B, H)
    c0 = padded.new_zeros(1, B, H)
    _, (h_n, _) = lstm(packed, (h0, c0))
    inverse = torch.empty_like(order)
    inverse[order] = torch.arange(B)
    return h_n[0].index_select(0, inverse)
