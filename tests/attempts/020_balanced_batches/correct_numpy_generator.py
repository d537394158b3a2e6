"""Correct, written differently: a NumPy Generator, np.unique for the classes, np.resize to cycle each
class's permutation, and each batch shuffled so the classes are mixed."""

import numpy as np
import torch


class BalancedBatchSampler(torch.utils.data.Sampler):
    def __init__(self, labels, batch_size, seed=0):
        labels = np.asarray(labels)
        classes = np.unique(labels)
        if batch_size % len(classes):
            raise ValueError(f"{batch_size} is not a multiple of {len(classes)} classes")
        self.members = [np.flatnonzero(labels == c) for c in classes]
        self.k = batch_size // len(classes)
        self.batches = -(-max(len(m) for m in self.members) // self.k)
        self.rng = np.random.default_rng(seed)

    def __len__(self):
        return self.batches

    def __iter__(self):
        total = self.batches * self.k
        columns = []
        for m in self.members:
            rounds = -(-total // len(m))
            columns.append(np.concatenate([self.rng.permutation(m) for _ in range(rounds)])[:total])
        table = np.stack(columns).reshape(len(columns), self.batches, self.k)  # (K, batches, per class)
        for b in range(self.batches):
            batch = table[:, b, :].reshape(-1)
            yield self.rng.permutation(batch).tolist()
