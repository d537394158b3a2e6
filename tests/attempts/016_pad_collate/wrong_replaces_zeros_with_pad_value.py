"""Wrong: pads with 0, then replaces every 0 with pad_value, which also overwrites the real 0 tokens of the
sequences."""
# fails: each_row_starts_with_its_sequence, works_inside_a_dataloader

import torch
from torch.nn.utils.rnn import pad_sequence


def pad_collate(batch, pad_value=0):
    sequences = [s for s, _ in batch]
    padded = pad_sequence(sequences, batch_first=True)
    padded[padded == 0] = pad_value
    return padded, torch.tensor([len(s) for s in sequences]), torch.tensor([y for _, y in batch])
