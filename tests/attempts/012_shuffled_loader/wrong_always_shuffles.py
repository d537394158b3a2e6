"""Wrong: `shuffle=True` is hard-coded, so shuffle=False still shuffles."""
# fails: shuffle_false_is_index_order

import torch
from torch.utils.data import DataLoader, Dataset


def make_loader(
    dataset: Dataset, batch_size: int, shuffle: bool = True, seed: int = 0, drop_last: bool = False
) -> DataLoader:
    generator = torch.Generator().manual_seed(seed)
    return DataLoader(dataset, batch_size=batch_size, shuffle=True, drop_last=drop_last, generator=generator)
