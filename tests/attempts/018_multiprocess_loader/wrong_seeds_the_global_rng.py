"""Wrong: make_parallel_loader calls torch.manual_seed(seed) instead of giving the DataLoader its own generator:
it reseeds the whole program, and the draws follow whatever the global RNG holds when the loader is iterated."""
# fails: same_seed_gives_the_same_draws

import random

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, IterableDataset, get_worker_info


def seed_worker(worker_id: int) -> None:
    seed = torch.initial_seed() % 2**32
    np.random.seed(seed)
    random.seed(seed)


def make_parallel_loader(dataset: Dataset, batch_size: int, num_workers: int = 2, seed: int = 0) -> DataLoader:
    torch.manual_seed(seed)
    return DataLoader(dataset, batch_size=batch_size, num_workers=num_workers, worker_init_fn=seed_worker)


class ShardedRange(IterableDataset):
    def __init__(self, start: int, end: int) -> None:
        super().__init__()
        self.start, self.end = start, end

    def __iter__(self):
        info = get_worker_info()  # asked in __iter__: it runs inside each worker
        if info is None:
            return iter(range(self.start, self.end))
        return iter(range(self.start + info.id, self.end, info.num_workers))
