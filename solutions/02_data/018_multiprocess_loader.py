"""Question 18 - Multi-worker loading and sharded IterableDataset (reference)."""

import random

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, IterableDataset, get_worker_info


def seed_worker(worker_id: int) -> None:
    # Inside a worker torch.initial_seed() is the loader's base seed + worker_id: distinct per worker,
    # fixed by the loader's generator. NumPy takes seeds below 2**32 only.
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

    def __iter__(self):
        info = get_worker_info()  # asked in __iter__: it runs inside each worker
        if info is None:
            return iter(range(self.start, self.end))
        return iter(range(self.start + info.id, self.end, info.num_workers))
