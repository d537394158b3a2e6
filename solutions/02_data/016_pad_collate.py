"""Question 16 - Padding collate_fn for sequences (reference)."""

import torch
from torch.nn.utils.rnn import pad_sequence


def pad_collate(
    batch: list[tuple[torch.Tensor, int]], pad_value: int = 0
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    sequences = [sequence for sequence, _ in batch]
    lengths = torch.tensor([len(sequence) for sequence in sequences], dtype=torch.int64)  # before padding
    padded = pad_sequence(sequences, batch_first=True, padding_value=pad_value)  # (B, T), a new tensor
    labels = torch.tensor([label for _, label in batch], dtype=torch.int64)
    return padded, lengths, labels
