"""Question 20 - Class-balanced batch sampler (reference)."""

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence

import torch
from torch.utils.data import Sampler


class BalancedBatchSampler(Sampler[list[int]]):
    def __init__(self, labels: Sequence[int], batch_size: int, seed: int = 0) -> None:
        by_class: dict[int, list[int]] = defaultdict(list)
        for index, label in enumerate(labels):
            by_class[int(label)].append(index)  # int(): 0-d tensors of a label tensor hash by identity
        self.classes = [by_class[c] for c in sorted(by_class)]
        if batch_size % len(self.classes):
            raise ValueError(f"batch_size {batch_size} is not divisible by the {len(self.classes)} classes")
        self.per_class = batch_size // len(self.classes)
        self.generator = torch.Generator().manual_seed(seed)  # private: the global RNGs stay untouched

    def __len__(self) -> int:
        return math.ceil(max(len(indices) for indices in self.classes) / self.per_class)

    def __iter__(self) -> Iterator[list[int]]:
        needed = len(self) * self.per_class  # samples of each class this epoch
        streams = []
        for indices in self.classes:
            # reshuffled passes over the class until the epoch is full: every sample at least once
            passes = math.ceil(needed / len(indices))
            order = torch.cat([torch.randperm(len(indices), generator=self.generator) for _ in range(passes)])
            streams.append([indices[i] for i in order[:needed].tolist()])
        for start in range(0, needed, self.per_class):
            yield [index for stream in streams for index in stream[start : start + self.per_class]]
