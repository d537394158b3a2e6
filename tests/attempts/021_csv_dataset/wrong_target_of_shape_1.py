"""Wrong: the target is a (1,) tensor, so batches of targets come out (B, 1) instead of (B,)."""
# fails: items_are_float32_features_and_a_0d_target, works_inside_a_dataloader

import csv
from pathlib import Path

import torch
from torch.utils.data import Dataset, Subset


class CsvDataset(Dataset):
    def __init__(self, path: str | Path, target_column: str, feature_columns: list[str] | None = None) -> None:
        with open(path, newline="", encoding="utf-8") as f:  # newline="": line breaks inside quoted fields
            header, *rows = csv.reader(f)
        if feature_columns is None:
            feature_columns = [name for name in header if name != target_column]
        missing = [name for name in [target_column, *feature_columns] if name not in header]
        if missing:
            raise KeyError(f"{path}: no column named {', '.join(map(repr, missing))} in the header {header}")
        columns = [header.index(name) for name in feature_columns]
        target = header.index(target_column)
        self.features = torch.tensor([[float(row[i]) for i in columns] for row in rows], dtype=torch.float32)
        self.features = self.features.reshape(len(rows), len(columns))  # (N, F), also for N = 0
        self.targets = torch.tensor([float(row[target]) for row in rows], dtype=torch.float32)  # (N,)

    def __len__(self) -> int:
        return len(self.targets)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        return self.features[index], self.targets[index : index + 1]


def train_val_split(dataset: Dataset, val_fraction: float, seed: int) -> tuple[Subset, Subset]:
    n = len(dataset)
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed)).tolist()
    n_val = round(n * val_fraction)
    return Subset(dataset, order[n_val:]), Subset(dataset, order[:n_val])
