"""Wrong: the file is read again on every `__getitem__` (only the header is read in the constructor)."""
# fails: file_is_parsed_once

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
        self.path, self.columns, self.target, self.n = path, columns, target, len(rows)

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        with open(self.path, newline="", encoding="utf-8") as f:
            row = list(csv.reader(f))[1 + index]
        features = torch.tensor([float(row[i]) for i in self.columns], dtype=torch.float32)
        return features, torch.tensor(float(row[self.target]), dtype=torch.float32)


def train_val_split(dataset: Dataset, val_fraction: float, seed: int) -> tuple[Subset, Subset]:
    n = len(dataset)
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed)).tolist()
    n_val = round(n * val_fraction)
    return Subset(dataset, order[n_val:]), Subset(dataset, order[:n_val])
