"""Wrong: the indices are numpy.int64 values, not Python ints."""

# fails: batches_hold_each_class_equally
import math

import numpy as np
import torch
from torch.utils.data import Sampler


class BalancedBatchSampler(Sampler):
    def __init__(self, labels, batch_size, seed=0):
        labels = torch.as_tensor(labels).tolist()
        self.classes = sorted(set(labels))
        self.by_class = [[i for i, y in enumerate(labels) if y == c] for c in self.classes]
        if batch_size % len(self.classes) != 0:
            raise ValueError("batch_size must be divisible by the number of classes")
        self.per_class = batch_size // len(self.classes)
        self.batch_size = batch_size
        self.gen = torch.Generator().manual_seed(seed)

    def __len__(self):
        return math.ceil(max(len(ix) for ix in self.by_class) / self.per_class)

    def _stream(self, idx, need):
        out = []
        while len(out) < need:
            out += [idx[j] for j in torch.randperm(len(idx), generator=self.gen).tolist()]
        return out[:need]

    def __iter__(self):
        n = len(self)
        need = n * self.per_class
        streams = [self._stream(idx, need) for idx in self.by_class]
        for b in range(n):
            batch = []
            for s in streams:
                batch += s[b * self.per_class : (b + 1) * self.per_class]
            yield list(np.array(batch, dtype=np.int64))
