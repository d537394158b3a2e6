"""Wrong: `torch.manual_seed(seed)` seeds the global RNG, which anything else can move before the loader runs."""
# fails: same_seed_reproduces_across_loaders

import torch
from torch.utils.data import DataLoader, Dataset


def make_loader(
    dataset: Dataset, batch_size: int, shuffle: bool = True, seed: int = 0, drop_last: bool = False
) -> DataLoader:
    torch.manual_seed(seed)
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, drop_last=drop_last)
