"""Wrong: pads each item and writes it back into the caller's batch list, replacing its items."""
# fails: batch_is_not_modified

import torch
import torch.nn.functional as F


def pad_collate(batch, pad_value=0):
    longest = max(len(s) for s, _ in batch)
    lengths = torch.tensor([len(s) for s, _ in batch])
    for i, (sequence, label) in enumerate(batch):
        batch[i] = (F.pad(sequence, (0, longest - len(sequence)), value=pad_value), label)
    padded = torch.stack([s for s, _ in batch])
    return padded, lengths, torch.tensor([label for _, label in batch])
