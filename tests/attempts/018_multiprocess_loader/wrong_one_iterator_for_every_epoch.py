"""Wrong: ShardedRange creates its iterator once and hands out that same iterator every time, so a second
iteration in the same process (a second epoch with num_workers=0) yields nothing."""
# fails: sharded_range_without_workers

import random

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, IterableDataset, get_worker_info


def seed_worker(worker_id: int) -> None:
    seed = torch.initial_seed() % 2**32
    np.random.seed(seed)
    random.seed(seed)


def make_parallel_loader(dataset: Dataset, batch_size: int, num_workers: int = 2, seed: int = 0) -> DataLoader:
    return DataLoader(
        dataset,
        batch_size=batch_size,
        num_workers=num_workers,
        worker_init_fn=seed_worker,  # module-level: picklable for spawned workers
        generator=torch.Generator().manual_seed(seed),  # the base seed of every worker
    )


class ShardedRange(IterableDataset):
    def __init__(self, start: int, end: int) -> None:
        super().__init__()
        self.start, self.end = start, end
        self.iterator = None

    def __iter__(self):
        if self.iterator is None:
            info = get_worker_info()
            if info is None:
                self.iterator = iter(range(self.start, self.end))
            else:
                self.iterator = iter(range(self.start + info.id, self.end, info.num_workers))
        return self.iterator
