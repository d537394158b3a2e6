"""Question 21 - CSV dataset with train/val split.

Write `CsvDataset`, a map-style `Dataset` over a CSV file with a header row whose items are
`(features, target)`: the chosen feature columns of one row as a float32 (F,) tensor and its target column
as a float32 0-d tensor. Then write `train_val_split`, which splits any data set into random, reproducible
training and validation `Subset`s.

    >>> ds = CsvDataset("houses.csv", target_column="price", feature_columns=["rooms", "area"])
    >>> ds[0]
    (tensor([  3., 120.]), tensor(350000.))
    >>> train, val = train_val_split(ds, val_fraction=0.2, seed=0)
    >>> len(ds), len(train), len(val)
    (50, 40, 10)

What the grader checks:
- the first row is the header; `len(ds)` is the number of data rows; `path` may be a str or a `pathlib.Path`;
- items: features float32 of shape (F,) (also (1,) for one feature column) and target float32 of shape ();
  values are the file's numbers (ints, negatives, scientific notation) as float32, also for columns that
  hold only integers;
- `feature_columns` selects columns by header name, in the order given (`["c", "a"]` gives column c then
  column a, whatever their order in the file); `feature_columns=None` means every column except the target,
  in file order; the target may be any column (first, middle, last);
- the file is real CSV as written by Python's `csv` module: quoted fields may contain commas, doubled
  quotes and line breaks, in the header (a column named `"area, m2"`, another whose name holds a line break,
  one whose name starts with a space, each looked up by its exact name) and in text columns the features skip;
- a `target_column` or a `feature_columns` name that is not in the header raises `KeyError` or
  `ValueError` in the constructor;
- inside `DataLoader(ds, batch_size=4)` batches are features (B, F) and targets (B,);
- the file is parsed once, not on every item: reading all items of a 4000-row file must take well under a
  second (the grader allows 3 s);
- `train_val_split(dataset, val_fraction, seed)` works on any map-style data set and returns
  `(train, val)`, two `torch.utils.data.Subset`s of it; `len(val)` is round(n * val_fraction), floor or ceil
  accepted (0 for val_fraction=0), and `len(train) + len(val) == n`;
- the two subsets are disjoint and together hold every index once;
- the split is random and seeded: the same seed (0 included) gives the same split whatever the global RNG
  state, another seed another split (not simply the first or last rows);
- the split leaves the global random states (torch, NumPy, `random`) as they were: no `torch.manual_seed`.
"""

from pathlib import Path

import torch
from torch.utils.data import Dataset, Subset


class CsvDataset(Dataset):
    def __init__(self, path: str | Path, target_column: str, feature_columns: list[str] | None = None) -> None:
        # TODO
        raise NotImplementedError

    def __len__(self) -> int:
        # TODO
        raise NotImplementedError

    def __getitem__(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        """Row `index` -> (features float32 (F,), target float32 ())."""
        # TODO
        raise NotImplementedError


def train_val_split(dataset: Dataset, val_fraction: float, seed: int) -> tuple[Subset, Subset]:
    """Random `(train, val)` subsets of `dataset`, `val` holding about `val_fraction` of its items."""
    # TODO
    raise NotImplementedError
