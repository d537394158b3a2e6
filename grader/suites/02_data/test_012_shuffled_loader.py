"""Grader for question 12: make_loader batches every item once per epoch, reshuffles each epoch, and
reproduces its orders from the seed alone."""

import torch
from torch.utils.data import DataLoader, TensorDataset

from grader.checks import (
    EXACT,
    assert_close,
    assert_shape,
    assert_type,
    call,
    check,
    expect,
    randn,
    scramble_global_rng,
)

N, FEATURES = 23, 5  # an odd size: 23 = 5 * 4 + 3


def dataset(n: int = N, seed: int = 0) -> TensorDataset:
    """Items (x (5,), y) where y is the item's index, so every batch says which items it holds."""
    return TensorDataset(randn(n, FEATURES, seed=seed), torch.arange(n))


def loader_call(n: int, batch_size: int, **kwargs: object) -> str:
    shown = "".join(f", {k}={v!r}" for k, v in kwargs.items())
    return f"make_loader({n} items, batch_size={batch_size}{shown})"


def make(attempt, data: TensorDataset, batch_size: int, **kwargs: object) -> tuple[DataLoader, str]:
    what = loader_call(len(data), batch_size, **kwargs)
    loader = call(attempt.make_loader, data, batch_size, what=what, **kwargs)
    assert_type(loader, DataLoader, what)
    return loader, what


def batches(loader: DataLoader, what: str) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """One epoch, each batch checked to be an (x, y) pair of tensors."""
    out = call(lambda: list(loader), what=f"iterating over {what}")
    for i, batch in enumerate(out):
        expect(
            isinstance(batch, (list, tuple)) and len(batch) == 2 and all(isinstance(t, torch.Tensor) for t in batch),
            f"{what}: batch {i} should be a pair (x, y) of tensors (default collate), got {type(batch).__name__}",
        )
    return out


def indices(got: list[tuple[torch.Tensor, torch.Tensor]]) -> list[int]:
    return [int(i) for _, y in got for i in y.reshape(-1).tolist()]


def order(loader: DataLoader, what: str) -> list[int]:
    """The item indices of one epoch, in the order the loader yields them."""
    return indices(batches(loader, what))


def shown(indices: list[int]) -> str:
    return str(indices) if len(indices) <= 12 else f"[{', '.join(map(str, indices[:12]))}, ...]"


def coverage(seen: list[int], n: int) -> str:
    """What an epoch holds against every item once: '' when it holds each of the n items exactly once."""
    if sorted(seen) == list(range(n)):
        return ""
    missing = sorted(set(range(n)) - set(seen))
    repeated = sorted({i for i in seen if seen.count(i) > 1})
    said = [f"{word} {shown(items)}" for word, items in (("missing", missing), ("repeated", repeated)) if items]
    return f"{len(seen)} items yielded for a dataset of {n}; {', '.join(said)}"


def epochs(loader: DataLoader, what: str, count: int = 3) -> list[list[int]]:
    return [order(loader, what) for _ in range(count)]


@check("shape")
def test_batch_shapes(attempt):
    data = dataset(seed=1)
    for batch_size, sizes in [(4, [4, 4, 4, 4, 4, 3]), (1, [1] * N), (30, [N]), (23, [N])]:
        for shuffle in (True, False):
            loader, what = make(attempt, data, batch_size, shuffle=shuffle)
            got = batches(loader, what)
            expect(
                len(got) == len(sizes),
                f"{what}: expected {len(sizes)} batches, got {len(got)} of sizes {[len(y) for _, y in got]}",
            )
            for i, ((x, y), size) in enumerate(zip(got, sizes, strict=True)):
                assert_shape(x, (size, FEATURES), f"{what}: batch {i} x")
                assert_shape(y, (size,), f"{what}: batch {i} y")
            expect(len(loader) == len(sizes), f"{what}: len(loader) should be {len(sizes)}, got {len(loader)}")


@check("behaviour", points=2)
def test_each_epoch_yields_every_item_once(attempt):
    data = dataset(seed=2)
    for batch_size in (4, 5):
        loader, what = make(attempt, data, batch_size, seed=3)
        for epoch in range(3):
            got = batches(loader, what)
            for x, y in got:  # items intact: each x is the row of its index
                assert_close(x, data.tensors[0][y], EXACT, f"{what}, epoch {epoch + 1}: x of items {y.tolist()}")
            problem = coverage(indices(got), N)
            expect(not problem, f"{what}, epoch {epoch + 1}: every item should come exactly once; {problem}")


@check("behaviour", points=2)
def test_order_differs_between_epochs(attempt):
    for seed in (0, 7):
        loader, what = make(attempt, dataset(seed=4), 4, seed=seed)
        first, second, third = epochs(loader, what)
        expect(
            first != second and second != third,
            f"{what}: each epoch should have a new order; epoch 1 {shown(first)}, epoch 2 {shown(second)}, "
            f"epoch 3 {shown(third)}",
        )
        expect(first != sorted(first), f"{what}: shuffle=True should shuffle, epoch 1 came in index order")


@check("behaviour")
def test_batches_hold_new_items_each_epoch(attempt):
    loader, what = make(attempt, dataset(seed=9), 4, seed=1)
    got = [batches(loader, what) for _ in range(3)]
    groups = [{frozenset(y.reshape(-1).tolist()) for _, y in epoch} for epoch in got]
    if groups[0] == groups[1] == groups[2]:
        unchanged = indices(got[0]) == indices(got[1]) == indices(got[2])
        same = "in the same order, nothing shuffled" if unchanged else "only their order changed"
        expect(
            False,
            f"{what}: shuffling should regroup the items; every epoch had the same batches ({same}), "
            f"e.g. {sorted(sorted(g) for g in groups[0])[:3]}",
        )


@check("behaviour", points=2)
def test_same_seed_reproduces_across_loaders(attempt):
    data = dataset(seed=5)
    for seed in (0, 11):
        first, what = make(attempt, data, 4, seed=seed)
        second, _ = make(attempt, data, 4, seed=seed)  # both made before either is iterated
        for epoch in range(3):  # their epochs interleaved, the global RNG reseeded before each
            scramble_global_rng()
            a = order(first, what)
            scramble_global_rng()
            b = order(second, what)
            expect(
                a == b,
                f"{what} twice, iterated in turns: epoch {epoch + 1} differs, {shown(a)} vs {shown(b)} "
                "(both loaders made before either ran; the global RNG reseeded before each epoch)",
            )


@check("behaviour")
def test_other_seed_gives_other_order(attempt):
    data = dataset(seed=6)
    for a, b in [(0, 1), (11, 12)]:
        first, what_a = make(attempt, data, 4, seed=a)
        second, what_b = make(attempt, data, 4, seed=b)
        order_a, order_b = order(first, what_a), order(second, what_b)
        expect(
            order_a != order_b,
            f"{what_a} and seed={b}: expected different orders, both gave {shown(order_a)}",
        )


@check("behaviour")
def test_drop_last(attempt):
    data = dataset(seed=7)
    for shuffle in (True, False):
        loader, what = make(attempt, data, 4, shuffle=shuffle, drop_last=True)
        for epoch in range(2):
            got = batches(loader, what)
            sizes = [len(y) for _, y in got]
            expect(sizes == [4] * 5, f"{what}, epoch {epoch + 1}: expected 5 batches of 4, got sizes {sizes}")
            seen = indices(got)
            expect(len(set(seen)) == 20, f"{what}: expected 20 distinct items, got {len(set(seen))}")
        expect(len(loader) == 5, f"{what}: len(loader) should be 5, got {len(loader)}")
        loader, what = make(attempt, data, 4, shuffle=shuffle, drop_last=False)
        sizes = [len(y) for _, y in batches(loader, what)]
        expect(sizes == [4, 4, 4, 4, 4, 3], f"{what}: expected batch sizes [4, 4, 4, 4, 4, 3], got {sizes}")
        for n, batch_size in [(20, 5), (6, 6), (3, 1)]:  # complete last batches: nothing to drop
            loader, what = make(attempt, dataset(n, seed=7), batch_size, shuffle=shuffle, drop_last=True)
            sizes, expected = [len(y) for _, y in batches(loader, what)], [batch_size] * (n // batch_size)
            expect(sizes == expected, f"{what}: nothing to drop, expected batch sizes {expected}, got {sizes}")
            expect(len(loader) == len(expected), f"{what}: len(loader) should be {len(expected)}, got {len(loader)}")


@check("behaviour")
def test_shuffle_false_is_index_order(attempt):
    for n, batch_size in [(N, 4), (9, 2)]:
        loader, what = make(attempt, dataset(n, seed=8), batch_size, shuffle=False, seed=3)
        for epoch in range(2):
            got = order(loader, what)
            problem = coverage(got, n) or f"got {shown(got)}"
            expect(
                got == list(range(n)), f"{what}, epoch {epoch + 1}: expected the {n} items in index order; {problem}"
            )
