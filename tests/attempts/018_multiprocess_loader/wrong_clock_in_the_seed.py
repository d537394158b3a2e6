"""Wrong: seed_worker mixes the wall clock into the seed, so no two runs draw the same numbers."""
# fails: seed_worker_seeds_random_and_numpy_from_torch

import random
import time

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, IterableDataset, get_worker_info


def seed_worker(worker_id: int) -> None:
    seed = (torch.initial_seed() + time.time_ns()) % 2**32
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
