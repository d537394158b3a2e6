"""Wrong: sorts the batch by length, longest first (the habit from pack_padded_sequence), so rows and
labels no longer follow the order of the items."""
# fails: each_row_starts_with_its_sequence, lengths_are_the_true_lengths, batch_order_is_kept, works_inside_a_dataloader
# cause: the items were sorted by length: keep the batch order

import torch
from torch.nn.utils.rnn import pad_sequence


def pad_collate(batch, pad_value=0):
    batch = sorted(batch, key=lambda item: len(item[0]), reverse=True)
    sequences = [s for s, _ in batch]
    lengths = torch.tensor([len(s) for s in sequences])
    padded = pad_sequence(sequences, batch_first=True, padding_value=pad_value)
    return padded, lengths, torch.tensor([label for _, label in batch])
