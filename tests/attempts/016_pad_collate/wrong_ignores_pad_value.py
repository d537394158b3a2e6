"""Wrong: pad_sequence without padding_value pads with 0 whatever pad_value says."""
# fails: padding_uses_pad_value, works_inside_a_dataloader
# cause: pad_value is ignored (the padding is 0)

import torch
from torch.nn.utils.rnn import pad_sequence


def pad_collate(batch, pad_value=0):
    sequences = [s for s, _ in batch]
    lengths = torch.tensor([len(s) for s in sequences])
    return pad_sequence(sequences, batch_first=True), lengths, torch.tensor([label for _, label in batch])
