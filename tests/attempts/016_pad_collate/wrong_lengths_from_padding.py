"""Wrong: counts the tokens that differ from pad_value after padding, which undercounts every sequence
that contains the pad token itself."""
# fails: lengths_are_the_true_lengths, works_inside_a_dataloader
# cause: the lengths count tokens != pad_value, but a sequence may contain that token: use len(sequence)

import torch
from torch.nn.utils.rnn import pad_sequence


def pad_collate(batch, pad_value=0):
    padded = pad_sequence([s for s, _ in batch], batch_first=True, padding_value=pad_value)
    lengths = (padded != pad_value).sum(dim=1)
    return padded, lengths, torch.tensor([label for _, label in batch])
