"""Wrong: `torch.manual_seed(seed)` before `torch.randperm(n)`: reproducible, but it resets the caller's RNG."""
# fails: split_leaves_the_global_rng_alone

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
    torch.manual_seed(seed)
    perm = torch.randperm(n).tolist()
    return Subset(dataset, perm[n_val:]), Subset(dataset, perm[:n_val])
