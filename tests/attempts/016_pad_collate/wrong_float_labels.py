"""Wrong: torch.Tensor(list) builds float32 tensors, so labels (and lengths) are not int64."""
# fails: output_dtypes, works_inside_a_dataloader

import torch
from torch.nn.utils.rnn import pad_sequence


def pad_collate(batch, pad_value=0):
    sequences = [s for s, _ in batch]
    padded = pad_sequence(sequences, batch_first=True, padding_value=pad_value)
    return padded, torch.Tensor([len(s) for s in sequences]), torch.Tensor([label for _, label in batch])
