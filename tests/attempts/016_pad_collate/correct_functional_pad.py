"""Correct, written differently: F.pad on each sequence to the longest length, then torch.stack."""

import torch
import torch.nn.functional as F


def pad_collate(batch: list[tuple[torch.Tensor, int]], pad_value: int = 0):
    sequences, labels = zip(*batch, strict=True)
    longest = max(s.shape[0] for s in sequences)
    padded = torch.stack([F.pad(s, (0, longest - s.shape[0]), value=pad_value) for s in sequences])
    lengths = torch.LongTensor([s.shape[0] for s in sequences])
    return padded, lengths, torch.LongTensor(list(labels))
