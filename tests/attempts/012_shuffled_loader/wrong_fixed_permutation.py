"""Wrong: shuffles once, when the loader is made, so every epoch repeats the same order."""
# fails: order_differs_between_epochs

import torch
from torch.utils.data import DataLoader, Dataset, Subset


def make_loader(
    dataset: Dataset, batch_size: int, shuffle: bool = True, seed: int = 0, drop_last: bool = False
) -> DataLoader:
    if shuffle:
        perm = torch.randperm(len(dataset), generator=torch.Generator().manual_seed(seed))
        dataset = Subset(dataset, perm.tolist())
    return DataLoader(dataset, batch_size=batch_size, shuffle=False, drop_last=drop_last)
