"""Wrong: silently uses batch_size // num_classes when batch_size is not divisible by the number of classes."""
# fails: indivisible_batch_size_raises_value_error

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
        self.per_class = batch_size // len(self.groups)
        self.rng = random.Random(seed)

    def __len__(self):
        return math.ceil(max(len(g) for g in self.groups) / self.per_class)

    def _stream(self, group, needed):
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
