"""Wrong: wraps seed_worker in a lambda, which spawned workers (macOS, Windows) cannot unpickle."""
# fails: works_with_the_spawn_start_method

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
        dataset, batch_size=batch_size, num_workers=num_workers, worker_init_fn=lambda i: seed_worker(i), generator=g
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
