"""Wrong: one module-level torch.Generator shared by every loader and re-seeded at each
`make_parallel_loader` call: a loader built before another one with the same seed no longer repeats
its draws."""

# fails: same_seed_gives_the_same_draws
import random

import numpy as np
import torch
from torch.utils.data import DataLoader, IterableDataset, get_worker_info

_G = torch.Generator()


def seed_worker(worker_id):
    seed = torch.initial_seed() % 2**32
    np.random.seed(seed)
    random.seed(seed)


def make_parallel_loader(dataset, batch_size, num_workers=2, seed=0):
    g = _G
    g.manual_seed(seed)
    return DataLoader(
        dataset,
        batch_size=batch_size,
        shuffle=False,
        num_workers=num_workers,
        worker_init_fn=seed_worker,
        generator=g,
    )


class ShardedRange(IterableDataset):
    def __init__(self, start, end):
        super().__init__()
        self.start, self.end = start, end

    def __iter__(self):
        info = get_worker_info()
        if info is None:
            return iter(range(self.start, self.end))
        return iter(range(self.start + info.id, self.end, info.num_workers))
