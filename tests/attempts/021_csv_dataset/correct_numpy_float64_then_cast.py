"""Correct: csv.reader into a NumPy array, split with np.random.default_rng(seed) and a ceil val size."""

import csv
import math

import numpy as np
import torch
from torch.utils.data import Dataset, Subset


class CsvDataset(Dataset):
    def __init__(self, path, target_column, feature_columns=None):
        with open(path, newline="") as f:
            header, *rows = list(csv.reader(f))
        col = {name: i for i, name in enumerate(header)}
        feats = feature_columns if feature_columns is not None else [h for h in header if h != target_column]
        t = col[target_column]  # KeyError when unknown
        fi = [col[c] for c in feats]
        arr = np.array([[r[i] for i in fi] + [r[t]] for r in rows], dtype=np.float64).reshape(len(rows), len(fi) + 1)
        self.x = torch.from_numpy(arr[:, :-1].astype(np.float32))
        self.y = torch.from_numpy(arr[:, -1].astype(np.float32))

    def __len__(self):
        return self.x.shape[0]

    def __getitem__(self, index):
        return self.x[index], self.y[index]


def train_val_split(dataset, val_fraction, seed):
    n = len(dataset)
    n_val = min(n, math.ceil(n * val_fraction - 1e-9)) if val_fraction > 0 else 0
    perm = np.random.default_rng(seed).permutation(n)
    return Subset(dataset, perm[n_val:].tolist()), Subset(dataset, perm[:n_val].tolist())
