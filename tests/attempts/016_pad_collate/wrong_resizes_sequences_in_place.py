"""Wrong: pads each sequence in place (resize_, then fills the tail), so the caller's tensors grow and the
next epoch of a DataLoader sees padded sequences."""
# fails: batch_is_not_modified, works_inside_a_dataloader

import torch


def pad_collate(batch, pad_value=0):
    longest = max(len(s) for s, _ in batch)
    lengths = torch.tensor([len(s) for s, _ in batch], dtype=torch.int64)
    rows = []
    for (sequence, _), n in zip(batch, lengths.tolist(), strict=True):
        sequence.resize_(longest)
        sequence[n:] = pad_value
        rows.append(sequence)
    labels = torch.tensor([label for _, label in batch], dtype=torch.int64)
    return torch.stack(rows), lengths, labels
