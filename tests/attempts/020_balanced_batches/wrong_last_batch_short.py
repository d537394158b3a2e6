"""Wrong: cycles the smaller classes but takes the largest class once, so the last batch of an epoch can be short of
it."""
# fails: batches_hold_each_class_equally, works_as_a_dataloader_batch_sampler

import math
import random
from collections import defaultdict

from torch.utils.data import Sampler


class BalancedBatchSampler(Sampler):
    def __init__(self, labels, batch_size, seed=0):
        groups = defaultdict(list)
        for i, y in enumerate(labels):
            groups[int(y)].append(i)
        self.groups = [groups[c] for c in sorted(groups)]
        if batch_size % len(self.groups) != 0:
            raise ValueError("batch_size must be divisible by the number of classes")
        self.per_class = batch_size // len(self.groups)
        self.rng = random.Random(seed)

    def __len__(self):
        return math.ceil(max(len(g) for g in self.groups) / self.per_class)

    def _stream(self, group, needed):
        if len(group) == max(len(g) for g in self.groups):
            return self.rng.sample(group, len(group))
        out = []
        while len(out) < needed:
            order = group[:]
            self.rng.shuffle(order)
            out.extend(order)
        return out[:needed]

    def __iter__(self):
        n = len(self)
        streams = [self._stream(g, n * self.per_class) for g in self.groups]
        for b in range(n):
            batch = []
            for s in streams:
                batch.extend(s[b * self.per_class : (b + 1) * self.per_class])
            yield batch
