"""Wrong: shuffles the data set (shuffle=True): items come out of index order, and an IterableDataset is refused."""
# fails: loader_yields_items_in_order_from_its_workers, sharded_range_through_make_parallel_loader

import random

import numpy as np
import torch
from torch.utils.data import DataLoader, IterableDataset, get_worker_info


def seed_worker(worker_id):
    worker_seed = torch.initial_seed() % 2**32
    np.random.seed(worker_seed)
    random.seed(worker_seed)


def make_parallel_loader(dataset, batch_size, num_workers=2, seed=0):
    g = torch.Generator()
    g.manual_seed(seed)
    return DataLoader(
        dataset, batch_size=batch_size, shuffle=True, num_workers=num_workers, worker_init_fn=seed_worker, generator=g
    )


class ShardedRange(IterableDataset):
    def __init__(self, start, end):
        self.start = start
        self.end = end

    def __iter__(self):
        info = get_worker_info()
        if info is None:
            lo, hi, step = self.start, self.end, 1
        else:
            lo, hi, step = self.start + info.id, self.end, info.num_workers
        yield from range(lo, hi, step)
