"""Question 20 - Class-balanced batch sampler.

Write `BalancedBatchSampler`, a batch sampler for imbalanced data: every batch holds the same number of
samples of each class (`batch_size // num_classes`), an epoch walks once through the largest class, and
smaller classes are oversampled (their samples repeat) to keep up. Pass it to
`DataLoader(dataset, batch_sampler=...)`.

    >>> labels = [0, 0, 0, 0, 0, 0, 1, 1]              # 6 samples of class 0, 2 of class 1
    >>> sampler = BalancedBatchSampler(labels, batch_size=4, seed=0)
    >>> len(sampler)                                   # ceil(6 / 2) batches per epoch
    3
    >>> [sorted(labels[i] for i in batch) for batch in sampler]
    [[0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 1, 1]]

What the grader checks:
- every batch is a `list` of `batch_size` valid indices (Python ints in `range(len(labels))`, not NumPy
  integers or a tensor) with exactly `batch_size // num_classes` of each class, the last batch of an
  epoch included;
- the classes are the distinct label values, whatever they are (say 2, 5 and 9), in any order in
  `labels`; one class alone, equal class sizes, and a class with a single sample are included;
- `len(sampler)` is ceil(largest class size / (batch_size // num_classes)), and an epoch yields that
  many batches;
- in every epoch each sample of the largest class (or classes) is used at least once, and so is each
  sample of every smaller class (they are oversampled by repeating samples, never left out);
- `batch_size` not divisible by the number of classes (also one smaller than it) raises `ValueError` in
  the constructor;
- reproducible: two samplers with the same `seed` give the same epochs whatever the global RNGs hold,
  another seed gives other batches, and successive epochs of one sampler differ from each other, every
  class reshuffled (the largest class's samples come in another order);
- the global `random`, NumPy and torch RNGs are neither seeded nor drawn from (their states are the
  same after building the sampler and running epochs);
- `labels` may also be a 1-D int64 tensor (like `dataset.targets`);
- `DataLoader(TensorDataset(x, y), batch_sampler=sampler)` yields `len(sampler)` balanced batches.
"""

from collections.abc import Iterator, Sequence

from torch.utils.data import Sampler


class BalancedBatchSampler(Sampler[list[int]]):
    """Batches of `batch_size` indices into `labels`, `batch_size // num_classes` of each class."""

    def __init__(self, labels: Sequence[int], batch_size: int, seed: int = 0) -> None:
        # TODO
        raise NotImplementedError

    def __iter__(self) -> Iterator[list[int]]:
        # TODO
        raise NotImplementedError

    def __len__(self) -> int:
        # TODO
        raise NotImplementedError
