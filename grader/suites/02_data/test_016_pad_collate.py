"""Grader for question 16: pad_collate pads to the longest sequence with pad_value, in batch order, with
the true lengths and the labels as int64."""

import functools

import torch
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader

from grader.checks import (
    EXACT,
    CheckFailed,
    assert_close,
    assert_dtype,
    assert_shape,
    assert_tensor,
    assert_type,
    call,
    check,
    describe,
    expect,
    generator,
    likely_cause,
)

# Lengths of the sequences of each batch: the longest in the middle, batch size 1, equal lengths, an
# empty sequence in an odd batch, a short one first.
BATCHES = [[4, 7, 2, 5], [6], [3, 3, 3], [2, 0, 5, 1, 9], [1, 8]]
PAD_VALUES = [None, -1, 7]  # None: the default (0)
PARTS = ("padded", "lengths", "labels")
Batch = list[tuple[torch.Tensor, int]]


def make_batch(lengths: list[int], seed: int) -> Batch:
    """Tokens 0..9, so that the pad values 0 and 7 also occur inside sequences; distinct labels."""
    g = generator(seed)
    labels = torch.randperm(50, generator=g)[: len(lengths)].tolist()
    return [(torch.randint(0, 10, (n,), generator=g), label) for n, label in zip(lengths, labels, strict=True)]


def name(batch: Batch, pad_value: int | None) -> str:
    shown = "" if pad_value is None else f", pad_value={pad_value}"
    items = "1 sequence of length" if len(batch) == 1 else f"{len(batch)} sequences of lengths"
    return f"pad_collate(batch of {items} {[len(s) for s, _ in batch]}{shown})"


def unpack(out: object, what: str) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    assert_type(out, tuple, what)
    expect(len(out) == 3, f"{what}: expected a tuple (padded, lengths, labels) of 3 items, got {len(out)}")
    for part, value in zip(PARTS, out, strict=True):
        assert_tensor(value, f"{what}: {part}")
    return out


def run(attempt, batch: Batch, pad_value: int | None) -> tuple[tuple[torch.Tensor, torch.Tensor, torch.Tensor], str]:
    what = name(batch, pad_value)
    kwargs = {} if pad_value is None else {"pad_value": pad_value}
    return unpack(call(attempt.pad_collate, batch, what=what, **kwargs), what), what


def cases():
    """(lengths, pad_value, seed) for every batch and pad value."""
    for i, lengths in enumerate(BATCHES):
        for j, pad_value in enumerate(PAD_VALUES):
            yield lengths, pad_value, 100 * i + j


@check("shape")
def test_output_shapes(attempt):
    for lengths, pad_value, seed in cases():
        (padded, lengths_out, labels), what = run(attempt, make_batch(lengths, seed), pad_value)
        assert_shape(padded, (len(lengths), max(lengths)), f"{what}: padded")
        assert_shape(lengths_out, (len(lengths),), f"{what}: lengths")
        assert_shape(labels, (len(lengths),), f"{what}: labels")


@check("dtype")
def test_output_dtypes(attempt):
    for lengths, pad_value, seed in list(cases())[::2]:
        (padded, lengths_out, labels), what = run(attempt, make_batch(lengths, seed), pad_value)
        assert_dtype(padded, torch.int64, f"{what}: padded (the sequences' dtype)")
        assert_dtype(lengths_out, torch.int64, f"{what}: lengths")
        assert_dtype(labels, torch.int64, f"{what}: labels")


def padded_of(attempt, lengths: list[int], pad_value: int | None, seed: int) -> tuple[torch.Tensor, Batch, str]:
    batch = make_batch(lengths, seed)
    (padded, _, _), what = run(attempt, batch, pad_value)
    assert_shape(padded, (len(lengths), max(lengths)), f"{what}: padded")
    return padded, make_batch(lengths, seed), what  # a fresh copy of the batch: the attempt may have changed it


def padding_causes(batch: Batch, pad_value: int | None) -> dict[str, torch.Tensor]:
    """The padded tensor of each common mistake on this batch."""
    fill = 0 if pad_value is None else pad_value
    sequences = [s for s, _ in batch]
    causes = {
        "the padding went before the sequence (pad at the end)": pad_sequence(
            [s.flip(0) for s in sequences], batch_first=True, padding_value=fill
        ).flip(1),
        "the items were sorted by length: keep the batch order": pad_sequence(
            sorted(sequences, key=len, reverse=True), batch_first=True, padding_value=fill
        ),
    }
    if fill != 0:
        causes["pad_value is ignored (the padding is 0)"] = pad_sequence(sequences, batch_first=True)
    return causes


def cause_of(padded: torch.Tensor, batch: Batch, pad_value: int | None) -> str:
    cause = likely_cause(padded, padding_causes(batch, pad_value), EXACT, check_dtype=False)
    return "" if cause is None else f"; likely cause: {cause}"


@check("numerics", points=2)
def test_each_row_starts_with_its_sequence(attempt):
    for lengths, pad_value, seed in cases():
        padded, batch, what = padded_of(attempt, lengths, pad_value, seed)
        for i, (sequence, _) in enumerate(batch):
            row, n = padded[i], len(sequence)
            expect(
                torch.equal(row[:n], sequence),
                f"{what}: padded[{i}, :{n}] should be sequence {i} {sequence.tolist()}, got {row.tolist()}"
                f"{cause_of(padded, batch, pad_value)}",
            )


@check("numerics", points=2)
def test_padding_uses_pad_value(attempt):
    for lengths, pad_value, seed in cases():
        padded, batch, what = padded_of(attempt, lengths, pad_value, seed)
        fill = 0 if pad_value is None else pad_value
        for i, (sequence, _) in enumerate(batch):
            row, n = padded[i], len(sequence)
            expect(
                bool((row[n:] == fill).all()),
                f"{what}: padded[{i}, {n}:] should all be pad_value {fill}, got {row[n:].tolist()} "
                f"(row {row.tolist()}){cause_of(padded, batch, pad_value)}",
            )


@check("numerics", points=2)
def test_lengths_are_the_true_lengths(attempt):
    for lengths, pad_value, seed in cases():
        (_, lengths_out, _), what = run(attempt, make_batch(lengths, seed), pad_value)
        expected = torch.tensor(lengths)
        fill = 0 if pad_value is None else pad_value
        batch = make_batch(lengths, seed)
        counted = torch.tensor([int((s != fill).sum()) for s, _ in batch])
        causes = {
            "the lengths count tokens != pad_value, but a sequence may contain that token: use len(sequence)": counted,
            "the lengths come out sorted: keep the batch order": torch.sort(expected, descending=True).values,
        }
        assert_close(lengths_out, expected, EXACT, f"{what}: lengths", check_dtype=False, causes=causes)


@check("behaviour", points=2)
def test_batch_order_is_kept(attempt):
    for lengths, pad_value, seed in cases():
        (_, _, labels), what = run(attempt, make_batch(lengths, seed), pad_value)
        batch = make_batch(lengths, seed)
        expected = torch.tensor([label for _, label in batch])
        by_length = sorted(batch, key=lambda item: len(item[0]), reverse=True)
        causes = {"the items were sorted by length: keep the batch order": torch.tensor([y for _, y in by_length])}
        assert_close(labels, expected, EXACT, f"{what}: labels", check_dtype=False, causes=causes)


@check("behaviour")
def test_batch_is_not_modified(attempt):
    for lengths, pad_value, seed in cases():
        batch = make_batch(lengths, seed)
        items = list(batch)
        _, what = run(attempt, batch, pad_value)
        expect(len(batch) == len(items), f"{what}: the caller's batch had {len(items)} items, now {len(batch)}")
        for i, (item, (copy, label)) in enumerate(zip(items, make_batch(lengths, seed), strict=True)):
            moved = next((j for j, other in enumerate(items) if batch[i] is other), None)
            expect(
                batch[i] is item,
                f"{what}: the caller's list was reordered in place (batch[{i}] is now item {moved}; sort a copy, "
                "or better keep the batch order)"
                if moved is not None
                else f"{what}: the caller's batch[{i}] was replaced by {describe(batch[i])} "
                "(build new tensors and leave the batch as it was)",
            )
            assert_close(
                item[0], copy, EXACT, f"{what}: batch[{i}] sequence after the call (inputs must not be modified)"
            )
            expect(item[1] == label, f"{what}: batch[{i}] label changed from {label!r} to {item[1]!r}")


def check_epoch(loader: DataLoader, what: str, expected: list) -> None:
    batches = call(lambda: list(loader), what=what)
    expect(len(batches) == len(expected), f"{what}: expected {len(expected)} batches, got {len(batches)}")
    for k, (out, want) in enumerate(zip(batches, expected, strict=True)):
        shown = f"{what}: batch {k} (padded, lengths, labels)"
        assert_close(unpack(out, shown), want, EXACT, shown)


@check("behaviour", points=2)
def test_works_inside_a_dataloader(attempt, reference):
    lengths = [3, 6, 1, 4, 4, 0, 2, 8, 5, 7]
    for pad_value in (None, -1):
        if pad_value is None:
            collate, shown = attempt.pad_collate, "collate_fn=pad_collate"
        else:
            collate = functools.partial(attempt.pad_collate, pad_value=pad_value)
            shown = f"collate_fn=functools.partial(pad_collate, pad_value={pad_value})"
        fill = [] if pad_value is None else [pad_value]
        items = make_batch(lengths, seed=500)
        expected = [reference.pad_collate(items[k : k + 3], *fill) for k in range(0, len(items), 3)]
        dataset = make_batch(lengths, seed=500)  # a list of (sequence, label) is a map-style data set
        loader = DataLoader(dataset, batch_size=3, collate_fn=collate)
        what = f"DataLoader(data set of {len(dataset)} sequences, batch_size=3, {shown})"
        check_epoch(loader, f"{what}, epoch 1", expected)
        try:
            check_epoch(loader, f"{what}, epoch 2", expected)
        except CheckFailed as failure:
            raise CheckFailed(
                f"{failure} (epoch 1 was right: the first epoch changed the data set's sequences; "
                "leave the batch and its tensors as they were)"
            ) from None
