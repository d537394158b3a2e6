"""Correct, written differently: a (B, T) tensor full of pad_value, each sequence copied into its row."""

import torch


def pad_collate(batch, pad_value=0):
    lengths = torch.as_tensor([item[0].numel() for item in batch], dtype=torch.long)
    width = int(lengths.max()) if len(batch) else 0
    padded = torch.full((len(batch), width), pad_value, dtype=batch[0][0].dtype)
    for row, (sequence, _) in enumerate(batch):
        padded[row, : sequence.numel()] = sequence
    labels = torch.as_tensor([item[1] for item in batch], dtype=torch.long)
    return padded, lengths, labels
