"""Wrong: an unknown feature column maps to index -1 and silently reads the last column instead of
raising."""
# fails: unknown_column_raises

import csv

import torch
from torch.utils.data import Dataset, Subset


class CsvDataset(Dataset):
    def __init__(self, path, target_column, feature_columns=None):
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            rows = list(reader)
        if target_column not in header:
            raise KeyError(target_column)
        if feature_columns is None:
            feature_columns = [c for c in header if c != target_column]
        fidx = [header.index(c) if c in header else -1 for c in feature_columns]
        tidx = header.index(target_column)
        self.features = torch.tensor([[float(r[i]) for i in fidx] for r in rows], dtype=torch.float32).reshape(
            len(rows), len(fidx)
        )
        self.targets = torch.tensor([float(r[tidx]) for r in rows], dtype=torch.float32)

    def __len__(self):
        return len(self.targets)

    def __getitem__(self, index):
        return self.features[index], self.targets[index]


def train_val_split(dataset, val_fraction, seed):
    n = len(dataset)
    n_val = round(n * val_fraction)
    g = torch.Generator().manual_seed(seed)
    perm = torch.randperm(n, generator=g).tolist()
    return Subset(dataset, perm[n_val:]), Subset(dataset, perm[:n_val])
