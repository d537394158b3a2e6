"""Correct, written differently: a batch sampler drawing a fresh NumPy permutation per epoch from its own Generator."""

from collections.abc import Iterator

import numpy as np
from torch.utils.data import DataLoader, Dataset, Sampler


class EpochBatches(Sampler[list[int]]):
    def __init__(self, n: int, batch_size: int, shuffle: bool, seed: int, drop_last: bool) -> None:
        self.n, self.batch_size, self.shuffle, self.drop_last = n, batch_size, shuffle, drop_last
        self.rng = np.random.default_rng(seed)

    def __iter__(self) -> Iterator[list[int]]:
        order = self.rng.permutation(self.n) if self.shuffle else np.arange(self.n)
        stop = self.n - self.n % self.batch_size if self.drop_last else self.n
        for start in range(0, stop, self.batch_size):
            yield order[start : start + self.batch_size].tolist()

    def __len__(self) -> int:
        return self.n // self.batch_size if self.drop_last else -(-self.n // self.batch_size)


def make_loader(
    dataset: Dataset, batch_size: int, shuffle: bool = True, seed: int = 0, drop_last: bool = False
) -> DataLoader:
    return DataLoader(dataset, batch_sampler=EpochBatches(len(dataset), batch_size, shuffle, seed, drop_last))
