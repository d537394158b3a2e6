"""Wrong: puts the padding before each sequence (left padding), so rows do not start with their tokens."""
# fails: each_row_starts_with_its_sequence, padding_uses_pad_value, works_inside_a_dataloader
# cause: the padding went before the sequence (pad at the end)

import torch


def pad_collate(batch, pad_value=0):
    longest = max(len(s) for s, _ in batch)
    padded = torch.full((len(batch), longest), pad_value, dtype=torch.long)
    for i, (sequence, _) in enumerate(batch):
        padded[i, longest - len(sequence) :] = sequence
    lengths = torch.tensor([len(s) for s, _ in batch])
    return padded, lengths, torch.tensor([label for _, label in batch])
