"""Correct, written differently: csv.DictReader rows into NumPy arrays, items built on access, and
torch.utils.data.random_split with a seeded generator."""

import csv
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import Dataset, Subset, random_split


class CsvDataset(Dataset):
    def __init__(self, path: str | Path, target_column: str, feature_columns: list[str] | None = None) -> None:
        with Path(path).open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            header = list(reader.fieldnames or [])
            records = list(reader)
        columns = [c for c in header if c != target_column] if feature_columns is None else list(feature_columns)
        for name in [target_column, *columns]:
            if name not in header:
                raise ValueError(f"unknown column {name!r}")
        self.x = np.array([[float(r[c]) for c in columns] for r in records], dtype=np.float32)
        self.y = np.array([float(r[target_column]) for r in records], dtype=np.float32)

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        return torch.from_numpy(self.x[index].copy()), torch.tensor(self.y[index])


def train_val_split(dataset: Dataset, val_fraction: float, seed: int) -> tuple[Subset, Subset]:
    n_val = int(len(dataset) * val_fraction)
    train, val = random_split(dataset, [len(dataset) - n_val, n_val], generator=torch.Generator().manual_seed(seed))
    return train, val
