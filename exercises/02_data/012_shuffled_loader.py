"""Question 12 - Shuffled, seeded DataLoader.

Build a `DataLoader` over any map-style dataset that batches it and, with `shuffle=True`, visits the items
in a new random order every epoch. The orders must be reproducible: two loaders made with the same `seed`
give the same sequence of epochs, whatever the global random state, and `shuffle=False` keeps index order.

    >>> data = TensorDataset(torch.randn(10, 3), torch.arange(10))
    >>> loader = make_loader(data, batch_size=4, seed=1)
    >>> [y.tolist() for _, y in loader]          # e.g. [[6, 2, 9, 0], [4, 1, 7, 3], [8, 5]]
    >>> [y.tolist() for _, y in loader]          # the next epoch: another order
    >>> len(make_loader(data, batch_size=4, drop_last=True))   # 2

What the grader checks:
- a `torch.utils.data.DataLoader` whose batches are default-collated `(x (B, 5), y (B,))` for a dataset of
  `(x (5,), y)` items: B = batch_size except a smaller last batch, batch_size 1 and batch_size > len(dataset),
  and `len(loader)` equal to the number of batches;
- every epoch yields every item exactly once (an odd dataset size, several epochs), items intact;
- with shuffle=True the order differs from one epoch to the next, and so do the batches (items regrouped,
  not only the batch order shuffled);
- two loaders with the same seed (seed=0 too) give the same orders epoch after epoch, also when both exist
  at once and are iterated in turns, and even when the global RNG (torch, NumPy, random) is reseeded in
  between; another seed gives another order;
- `drop_last=True` drops the incomplete last batch (and only that: a complete last batch stays, also when
  the batch size divides the dataset size), `drop_last=False` keeps it;
- `shuffle=False` yields the items in index order, every epoch;
- only behaviour is judged (the order of the items), not how the loader is built.
"""

from torch.utils.data import DataLoader, Dataset


def make_loader(
    dataset: Dataset, batch_size: int, shuffle: bool = True, seed: int = 0, drop_last: bool = False
) -> DataLoader:
    """A DataLoader over `dataset` in batches of `batch_size`, shuffled each epoch reproducibly from `seed`."""
    # TODO
    raise NotImplementedError
