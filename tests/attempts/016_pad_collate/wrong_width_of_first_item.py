"""Wrong: takes T from the first item of the batch instead of the longest one, cutting longer sequences."""
# fails: output_shapes, each_row_starts_with_its_sequence, works_inside_a_dataloader

import torch


def pad_collate(batch, pad_value=0):
    width = len(batch[0][0])
    padded = torch.full((len(batch), width), pad_value, dtype=torch.long)
    for i, (sequence, _) in enumerate(batch):
        padded[i, : min(width, len(sequence))] = sequence[:width]
    lengths = torch.tensor([len(s) for s, _ in batch])
    return padded, lengths, torch.tensor([label for _, label in batch])
