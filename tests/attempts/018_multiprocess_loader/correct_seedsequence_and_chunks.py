"""Correct, written differently: NumPy seeded through a SeedSequence of the full 64-bit torch seed,
`random` seeded with the big int itself, and ShardedRange split into contiguous, balanced chunks."""

import random

import numpy as np
import torch
import torch.utils.data as data


def seed_worker(worker_id: int) -> None:
    base = torch.initial_seed()
    np.random.seed(np.random.SeedSequence(base).generate_state(1)[0])
    random.seed(base)


def make_parallel_loader(dataset, batch_size, num_workers=2, seed=0):
    generator = torch.Generator()
    generator.manual_seed(seed)
    return data.DataLoader(
        dataset,
        batch_size,
        shuffle=False,
        num_workers=num_workers,
        worker_init_fn=seed_worker,
        generator=generator,
        persistent_workers=False,
    )


class ShardedRange(data.IterableDataset):
    def __init__(self, start, end):
        super().__init__()
        self.bounds = (start, end)

    def __iter__(self):
        start, end = self.bounds
        worker = data.get_worker_info()
        if worker is not None:
            size, extra = divmod(end - start, worker.num_workers)
            first = start + worker.id * size + min(worker.id, extra)
            start, end = first, first + size + (worker.id < extra)
        yield from range(start, end)
