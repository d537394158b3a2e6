"""Wrong: cuts the data into fixed batches once and only shuffles the order of those batches each epoch."""
# fails: batches_hold_new_items_each_epoch

import torch
from torch.utils.data import DataLoader, Dataset, Sampler


class ShuffledBatches(Sampler[list[int]]):
    def __init__(self, n: int, batch_size: int, shuffle: bool, seed: int, drop_last: bool) -> None:
        stop = n - n % batch_size if drop_last else n
        self.batches = [list(range(i, min(i + batch_size, stop))) for i in range(0, stop, batch_size)]
        self.shuffle, self.generator = shuffle, torch.Generator().manual_seed(seed)

    def __iter__(self):
        n = len(self.batches)
        order = torch.randperm(n, generator=self.generator).tolist() if self.shuffle else range(n)
        return iter([self.batches[i] for i in order])

    def __len__(self) -> int:
        return len(self.batches)


def make_loader(
    dataset: Dataset, batch_size: int, shuffle: bool = True, seed: int = 0, drop_last: bool = False
) -> DataLoader:
    return DataLoader(dataset, batch_sampler=ShuffledBatches(len(dataset), batch_size, shuffle, seed, drop_last))
