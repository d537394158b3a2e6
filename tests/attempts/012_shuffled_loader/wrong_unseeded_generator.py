"""Wrong: a private `torch.Generator()` that is never seeded: reproducible, but every seed gives the same order."""
# fails: other_seed_gives_other_order

import torch
from torch.utils.data import DataLoader, Dataset


def make_loader(
    dataset: Dataset, batch_size: int, shuffle: bool = True, seed: int = 0, drop_last: bool = False
) -> DataLoader:
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, drop_last=drop_last, generator=torch.Generator())
