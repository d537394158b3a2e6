"""Grader for question 20: BalancedBatchSampler yields batches with equal class counts, covers every
sample each epoch, has ceil(max count / per class) batches, and is seeded with a private RNG."""

import math
import operator
import random
from collections import Counter

import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

from grader.checks import CheckFailed, call, check, describe, expect, expect_raises, generator, scramble_global_rng

# (class sizes by label, batch_size): labels that are not 0..K-1, a class of one sample, a largest class
# not divisible by the per-class count, two classes, equal sizes, one class alone, one sample per class.
CONFIGS = [
    ({2: 23, 5: 7, 9: 1}, 6),
    ({0: 10, 1: 30}, 4),
    ({8: 5, 1: 5, 4: 5, 3: 5}, 8),
    ({7: 9}, 4),
    ({4: 4, 11: 9, 6: 2}, 3),
]
Labels = list[int]


def make_labels(sizes: dict[int, int], seed: int) -> Labels:
    """`sizes[c]` samples of each class c, in a seeded random order."""
    labels = [c for c, n in sizes.items() for _ in range(n)]
    order = torch.randperm(len(labels), generator=generator(seed)).tolist()
    return [labels[i] for i in order]


def name(labels: Labels, batch_size: int, seed: int | None = None) -> str:
    counts = dict(sorted(Counter(int(y) for y in labels).items()))
    shown = "" if seed is None else f", seed={seed}"
    return f"BalancedBatchSampler(labels with class sizes {counts}, batch_size={batch_size}{shown})"


def build(attempt, labels, batch_size: int, seed: int | None = None):
    kwargs = {} if seed is None else {"seed": seed}
    what = name(labels, batch_size, seed)
    try:
        return call(attempt.BalancedBatchSampler, labels, batch_size, what=what, **kwargs), what
    except CheckFailed as failure:
        classes = sorted({int(y) for y in labels})
        if "ValueError" not in str(failure) or classes == list(range(len(classes))):
            raise
        raise CheckFailed(
            f"{failure} (batch_size {batch_size} is divisible by the {len(classes)} classes: the classes are the "
            f"distinct label values {classes}, not range(max(labels) + 1))"
        ) from None


def epoch(sampler, what: str, n: int, strict: bool = False) -> list[list[int]]:
    """One pass over the sampler, each batch a list of ints checked to be valid indices into `n` labels (with
    `strict`, a `list` of Python `int`s, as promised; other checks accept any sequence of integers)."""
    batches = call(lambda: list(iter(sampler)), what=f"iterating {what}")
    out = []
    for b, batch in enumerate(batches):
        if strict:
            expect(isinstance(batch, list), f"{what}: batch {b} should be a list of int indices, got {describe(batch)}")
            odd = next((i for i in batch if type(i) is not int), None)
            expect(
                odd is None,
                f"{what}: batch {b} holds an index of type {type(odd).__module__}.{type(odd).__name__}, expected "
                "Python ints (convert with int(...) or .tolist())",
            )
        try:
            indices = [operator.index(i) for i in batch]
        except TypeError:
            expect(False, f"{what}: batch {b} should be a list of int indices, got {describe(batch)}: {batch!r:.80}")
        bad = [i for i in indices if not 0 <= i < n]
        expect(not bad, f"{what}: batch {b} holds index {bad[:1]}, outside range({n})")
        out.append(indices)
    return out


def configs():
    for k, (sizes, batch_size) in enumerate(CONFIGS):
        yield make_labels(sizes, seed=10 + k), batch_size


@check("behaviour", points=2)
def test_batches_hold_each_class_equally(attempt):
    for labels, batch_size in configs():
        sampler, what = build(attempt, labels, batch_size)
        classes = sorted(set(labels))
        per_class = batch_size // len(classes)
        for e in range(2):
            batches = epoch(sampler, what, len(labels), strict=True)
            expect(batches, f"{what}: epoch {e} yielded no batches")
            for b, batch in enumerate(batches):
                counts = Counter(labels[i] for i in batch)
                shown = dict(sorted(counts.items()))
                expect(
                    len(batch) == batch_size and all(counts[c] == per_class for c in classes),
                    f"{what}: epoch {e}, batch {b} of {len(batches)} has {len(batch)} indices with class counts "
                    f"{shown}, expected {batch_size} with {per_class} of each class {classes}",
                )


@check("behaviour", points=2)
def test_len_is_batches_per_epoch(attempt):
    for labels, batch_size in configs():
        sampler, what = build(attempt, labels, batch_size)
        counts = Counter(labels)
        expected = math.ceil(max(counts.values()) / (batch_size // len(counts)))
        length = call(len, sampler, what=f"len({what})")
        expect(
            length == expected,
            f"len({what}): expected ceil({max(counts.values())} / {batch_size // len(counts)}) = {expected} "
            f"batches, got {length}",
        )
        for e in range(2):
            batches = epoch(sampler, what, len(labels))
            expect(len(batches) == expected, f"{what}: epoch {e} yielded {len(batches)} batches, len() is {expected}")


def unseen(labels: Labels, batches: list[list[int]], classes: list[int]) -> dict[int, list[int]]:
    seen = {i for batch in batches for i in batch}
    missing = {c: [i for i, y in enumerate(labels) if y == c and i not in seen] for c in classes}
    return {c: indices for c, indices in missing.items() if indices}


@check("behaviour", points=2)
def test_every_sample_of_the_largest_class_is_seen_each_epoch(attempt):
    for labels, batch_size in configs():
        sampler, what = build(attempt, labels, batch_size)
        counts = Counter(labels)
        largest = sorted(c for c, n in counts.items() if n == max(counts.values()))
        for e in range(3):
            missing = unseen(labels, epoch(sampler, what, len(labels)), largest)
            for c, indices in missing.items():
                expect(
                    False,
                    f"{what}: epoch {e} never used {len(indices)} of the {counts[c]} samples of the largest class "
                    f"{c} (indices {indices[:5]}{' ...' if len(indices) > 5 else ''})",
                )


@check("behaviour")
def test_every_sample_of_smaller_classes_is_seen_each_epoch(attempt):
    for labels, batch_size in [*configs(), (make_labels({0: 40, 1: 20, 2: 12}, seed=20), 3)]:
        sampler, what = build(attempt, labels, batch_size)
        counts = Counter(labels)
        smaller = sorted(c for c, n in counts.items() if n < max(counts.values()))
        for e in range(3):
            missing = unseen(labels, epoch(sampler, what, len(labels)), smaller)
            for c, indices in missing.items():
                expect(
                    False,
                    f"{what}: epoch {e} never used {len(indices)} of the {counts[c]} samples of class {c} "
                    f"(indices {indices[:5]}{' ...' if len(indices) > 5 else ''}) while repeating others: "
                    "oversample by cycling through every sample, not by drawing with replacement",
                )


@check("behaviour")
def test_indivisible_batch_size_raises_value_error(attempt):
    cases = [({0: 6, 1: 4, 2: 3}, 8), ({0: 6, 1: 4, 2: 3}, 2), ({3: 5, 9: 5}, 5), ({1: 4, 2: 4, 5: 4, 6: 4}, 6)]
    for k, (sizes, batch_size) in enumerate(cases):
        labels = make_labels(sizes, seed=30 + k)
        expect_raises(ValueError, attempt.BalancedBatchSampler, labels, batch_size, what=name(labels, batch_size))


def epochs(attempt, labels: Labels, batch_size: int, seed: int, n: int = 3) -> list[list[list[int]]]:
    sampler, what = build(attempt, labels, batch_size, seed)
    return [epoch(sampler, what, len(labels)) for _ in range(n)]


@check("behaviour", points=2)
def test_same_seed_gives_the_same_epochs(attempt):
    for labels, batch_size in configs():
        first = epochs(attempt, labels, batch_size, seed=7)
        scramble_global_rng()
        again = epochs(attempt, labels, batch_size, seed=7)
        what = name(labels, batch_size, seed=7)
        expect(again == first, f"{what}: two samplers with seed 7 gave different epochs (another global RNG state)")
        other = epochs(attempt, labels, batch_size, seed=8)
        expect(other != first, f"{what} and seed=8: expected different batches, got the same 3 epochs")


@check("behaviour")
def test_successive_epochs_differ(attempt):
    for labels, batch_size in configs():
        sampler, what = build(attempt, labels, batch_size, seed=3)
        first, second = epoch(sampler, what, len(labels)), epoch(sampler, what, len(labels))
        expect(
            first != second,
            f"{what}: two epochs of one sampler gave the same batches (reshuffle at each iteration: keep one "
            "generator for the sampler's lifetime, do not re-seed it in __iter__)",
        )
        counts = Counter(labels)
        largest = max(counts, key=counts.get)
        if counts[largest] >= 9:  # two shuffles of 9+ samples coincide with probability < 3e-6
            order = [[i for batch in batches for i in batch if labels[i] == largest] for batches in (first, second)]
            expect(
                order[0] != order[1],
                f"{what}: two epochs used the {counts[largest]} samples of the largest class {largest} in the same "
                f"order {order[0][:6]}...: reshuffle every class each epoch, the largest too",
            )


def rng_states() -> tuple:
    return random.getstate(), np.random.get_state()[1].tobytes(), torch.get_rng_state()


@check("behaviour")
def test_global_rngs_are_untouched(attempt):
    for labels, batch_size in configs():
        before = rng_states()
        sampler, what = build(attempt, labels, batch_size, seed=5)
        epoch(sampler, what, len(labels))
        epoch(sampler, what, len(labels))
        after = rng_states()
        for k, rng in enumerate(("Python's random", "NumPy's global", "torch's global")):
            same = torch.equal(before[k], after[k]) if k == 2 else before[k] == after[k]
            expect(
                same,
                f"{what}: building it and running 2 epochs changed the state of {rng} RNG (seeding or "
                "drawing from a global RNG changes everyone's randomness: use a private generator)",
            )


def is_balanced(batches: list[list[int]], labels: Labels, batch_size: int) -> bool:
    """`len(sampler)`-many batches of `batch_size // num_classes` indices of each class."""
    counts = Counter(labels)
    per_class = batch_size // len(counts)
    expected = math.ceil(max(counts.values()) / per_class)
    wanted = dict.fromkeys(counts, per_class)
    return len(batches) == expected and all(Counter(labels[i] for i in batch) == wanted for batch in batches)


@check("behaviour")
def test_accepts_a_label_tensor(attempt):
    for labels, batch_size in configs():
        targets = torch.tensor(labels)
        what = name(labels, batch_size).replace("labels with", "labels (an int64 tensor) with")
        sampler, shown = build(attempt, labels, batch_size)
        hint = (
            " (the same labels as a list work: set() or dict keys of a tensor's elements are 0-d tensors that hash "
            "by identity, each its own class; take labels.tolist() or int(label))"
            if is_balanced(epoch(sampler, shown, len(labels)), labels, batch_size)
            else ""
        )
        counts = Counter(labels)
        per_class = batch_size // len(counts)
        try:
            sampler = call(attempt.BalancedBatchSampler, targets, batch_size, what=what)
            batches = epoch(sampler, what, len(labels))
        except CheckFailed as failure:
            raise CheckFailed(f"{failure}{hint}") from None
        expected = math.ceil(max(counts.values()) / per_class)
        expect(len(batches) == expected, f"{what}: expected {expected} batches, got {len(batches)}{hint}")
        for b, batch in enumerate(batches):
            got = dict(sorted(Counter(labels[i] for i in batch).items()))
            expect(
                got == dict.fromkeys(sorted(counts), per_class),
                f"{what}: batch {b} has class counts {got}, expected {per_class} of each class{hint}",
            )


def load_all(dataset: TensorDataset, sampler) -> list:
    return list(DataLoader(dataset, batch_sampler=sampler))


@check("behaviour", points=2)
def test_works_as_a_dataloader_batch_sampler(attempt):
    for labels, batch_size in configs():
        sampler, what = build(attempt, labels, batch_size, seed=11)
        x, y = torch.arange(len(labels)) * 10, torch.tensor(labels)
        shown = f"DataLoader(TensorDataset(x, y), batch_sampler={what})"
        per_class = batch_size // len(set(labels))
        for e in range(2):
            batches = call(load_all, TensorDataset(x, y), sampler, what=shown)
            expected = call(len, sampler, what=f"len({what})")
            expect(len(batches) == expected, f"{shown}: epoch {e} gave {len(batches)} batches, len() is {expected}")
            for b, (xb, yb) in enumerate(batches):
                got = dict(sorted(Counter(yb.tolist()).items()))
                expect(
                    got == dict.fromkeys(sorted(set(labels)), per_class) and torch.equal(y[xb // 10], yb),
                    f"{shown}: epoch {e}, batch {b} has label counts {got}, expected {per_class} of each class",
                )
