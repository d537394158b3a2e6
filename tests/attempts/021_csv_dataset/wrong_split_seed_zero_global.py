"""Wrong: the generator is seeded only `if seed:`, so seed=0 falls back to the global RNG."""
# fails: split_is_random_and_seeded

import csv
from pathlib import Path

import torch
from torch.utils.data import Dataset, Subset


class CsvDataset(Dataset):
    def __init__(self, path: str | Path, target_column: str, feature_columns: list[str] | None = None) -> None:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            header = list(reader.fieldnames or [])
            rows = list(reader)
        if target_column not in header:
            raise KeyError(target_column)
        if feature_columns is None:
            feature_columns = [c for c in header if c != target_column]
        for c in feature_columns:
            if c not in header:
                raise KeyError(c)
        self.features = torch.tensor([[float(r[c]) for c in feature_columns] for r in rows], dtype=torch.float32)
        self.features = self.features.reshape(len(rows), len(feature_columns))
        self.targets = torch.tensor([float(r[target_column]) for r in rows], dtype=torch.float32)

    def __len__(self) -> int:
        return self.targets.shape[0]

    def __getitem__(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        return self.features[index], self.targets[index]


def train_val_split(dataset: Dataset, val_fraction: float, seed: int) -> tuple[Subset, Subset]:
    n = len(dataset)
    n_val = round(n * val_fraction)
    g = torch.Generator().manual_seed(seed) if seed else None
    perm = torch.randperm(n, generator=g).tolist()
    return Subset(dataset, perm[n_val:]), Subset(dataset, perm[:n_val])
