"""Wrong: a sampler that creates its generator from the seed in `__iter__`, so each epoch restarts the same order."""
# fails: order_differs_between_epochs

import torch
from torch.utils.data import DataLoader, Dataset, Sampler


class SeededSampler(Sampler[int]):
    def __init__(self, n: int, seed: int) -> None:
        self.n, self.seed = n, seed

    def __iter__(self):
        generator = torch.Generator().manual_seed(self.seed)
        return iter(torch.randperm(self.n, generator=generator).tolist())

    def __len__(self) -> int:
        return self.n


def make_loader(
    dataset: Dataset, batch_size: int, shuffle: bool = True, seed: int = 0, drop_last: bool = False
) -> DataLoader:
    sampler = SeededSampler(len(dataset), seed) if shuffle else None
    return DataLoader(dataset, batch_size=batch_size, sampler=sampler, drop_last=drop_last)
