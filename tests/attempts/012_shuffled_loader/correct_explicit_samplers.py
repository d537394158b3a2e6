"""Correct, written differently: an explicit RandomSampler or SequentialSampler with its own seeded generator."""

import torch
from torch.utils.data import DataLoader, Dataset, RandomSampler, SequentialSampler


def make_loader(
    dataset: Dataset, batch_size: int, shuffle: bool = True, seed: int = 0, drop_last: bool = False
) -> DataLoader:
    generator = torch.Generator()
    generator.manual_seed(seed)
    sampler = RandomSampler(dataset, generator=generator) if shuffle else SequentialSampler(dataset)
    return DataLoader(dataset, batch_size, sampler=sampler, drop_last=drop_last)
