"""Wrong: sampling with replacement repeats some items and misses others within an epoch."""
# fails: each_epoch_yields_every_item_once

import torch
from torch.utils.data import DataLoader, Dataset, RandomSampler


def make_loader(
    dataset: Dataset, batch_size: int, shuffle: bool = True, seed: int = 0, drop_last: bool = False
) -> DataLoader:
    generator = torch.Generator().manual_seed(seed)
    sampler = RandomSampler(dataset, replacement=True, generator=generator) if shuffle else None
    return DataLoader(dataset, batch_size=batch_size, sampler=sampler, drop_last=drop_last)
