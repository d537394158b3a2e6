"""Wrong: builds the loader from an explicit BatchSampler(SequentialSampler(dataset)), which a DataLoader
refuses for an IterableDataset such as ShardedRange (the rest is right: NumPy seeded with both words of
the 64-bit seed, contiguous balanced shards)."""
# fails: sharded_range_through_make_parallel_loader

import random

import numpy as np
import torch
from torch.utils.data import BatchSampler, DataLoader, IterableDataset, SequentialSampler, get_worker_info


def seed_worker(worker_id):
    s = torch.initial_seed()
    random.seed(s)
    np.random.seed([s & 0xFFFFFFFF, (s >> 32) & 0xFFFFFFFF])


def make_parallel_loader(dataset, batch_size, num_workers=2, seed=0):
    gen = torch.Generator().manual_seed(seed)
    sampler = BatchSampler(SequentialSampler(dataset), batch_size=batch_size, drop_last=False)
    return DataLoader(
        dataset, batch_sampler=sampler, num_workers=num_workers, worker_init_fn=seed_worker, generator=gen
    )


class ShardedRange(IterableDataset):
    def __init__(self, start, end):
        self.start = start
        self.end = end

    def __iter__(self):
        info = get_worker_info()
        wid, n = (0, 1) if info is None else (info.id, info.num_workers)
        total = max(0, self.end - self.start)
        q, r = divmod(total, n)
        lo = self.start + wid * q + min(wid, r)
        hi = lo + q + (1 if wid < r else 0)
        yield from range(lo, hi)
