"""Wrong: sorts the caller's list in place (`batch.sort`) for padding, then puts the outputs back in the
batch order: the outputs are right but the DataLoader's list was reordered."""
# fails: batch_is_not_modified

import torch
from torch.nn.utils.rnn import pad_sequence


def pad_collate(batch, pad_value=0):
    order = sorted(range(len(batch)), key=lambda i: len(batch[i][0]), reverse=True)
    original = list(batch)
    batch.sort(key=lambda item: len(item[0]), reverse=True)
    padded_sorted = pad_sequence([s for s, _ in batch], batch_first=True, padding_value=pad_value)
    inverse = torch.empty(len(order), dtype=torch.int64)
    inverse[torch.tensor(order, dtype=torch.int64)] = torch.arange(len(order))
    lengths = torch.tensor([len(s) for s, _ in original], dtype=torch.int64)
    labels = torch.tensor([y for _, y in original], dtype=torch.int64)
    return padded_sorted[inverse], lengths, labels
