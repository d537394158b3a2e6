"""Grader for question 21: CsvDataset parses real CSV (header, quoted fields, column selection and order) into
float32 (F,) features and 0-d targets; train_val_split gives disjoint, seeded Subsets of the right sizes."""

import math
import random
import time
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, Subset, TensorDataset

from grader.checks import (
    ELEMENTWISE,
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
    scramble_global_rng,
    write_csv,
)

_perf_counter = time.perf_counter  # bound before the attempt is imported

# All numeric; header names with a comma and with quotes (written quoted); the target in the middle.
NUMERIC = ["rooms", "area, m2", "price", 'grade "A"', "lat", "tiny"]
# Text columns holding commas, doubled quotes and line breaks before and between the numeric ones.
MIXED = ["id", "name", "rooms", "comment", "area, m2", "price", "city"]
# The same with line breaks inside quoted header names (a reader fed line by line loses them) and a name with a
# leading space (stripping the names loses it).
MIXED_BREAKS = ["id", "name", " rooms", "comment", "area\n(m2)", "price\nUSD", "city"]
NAMES = ["Smith, John", 'O"Brien', "Lee", "García, Ana María", "Doe\nJane"]
COMMENTS = ['said "hi, there"', "line one\nline two, still one", "", ",,,", 'a "quoted", b']
CITIES = ["Portland, OR", "Austin", "Boston, MA", "Nice, France", "Oslo"]


def numeric_rows(n: int, seed: int) -> list[list[object]]:
    """ints, large and negative floats, scientific notation: each column its own kind of number."""
    g = generator(seed)
    u = torch.rand(n, 6, generator=g, dtype=torch.float64)
    rooms = torch.randint(1, 7, (n,), generator=g)
    return [
        [int(rooms[i]), round(30 + 170 * float(u[i, 0]), 2), round(1e5 + 9e5 * float(u[i, 1]), 1),
         int(torch.randint(-3, 4, (), generator=g)), -90 + 180 * float(u[i, 2]), float(u[i, 3]) * 1e-5]
        for i in range(n)
    ]  # fmt: skip


def mixed_rows(n: int, seed: int) -> list[list[object]]:
    rows = numeric_rows(n, seed)
    return [
        [1000 + i, NAMES[i % 5], rows[i][0], COMMENTS[(i * 3) % 5], rows[i][1], rows[i][2], CITIES[(i * 2) % 5]]
        for i in range(n)
    ]


def numeric_file(tmp_path: Path, n: int = 9, seed: int = 0) -> Path:
    return write_csv(tmp_path / f"numeric_{n}_{seed}.csv", NUMERIC, numeric_rows(n, seed))


def mixed_file(tmp_path: Path, n: int = 10, seed: int = 1, header: list[str] = MIXED) -> Path:
    name = f"mixed_{n}_{seed}{'_breaks' if header is MIXED_BREAKS else ''}.csv"
    return write_csv(tmp_path / name, header, mixed_rows(n, seed))


def ds_call(path: Path, target: str, features: list[str] | None, as_str: bool = False) -> str:
    shown = "" if features is None else f", feature_columns={features!r}"
    shown_path = repr(path.name) if as_str else f"Path({path.name!r})"
    return f"CsvDataset({shown_path}, target_column={target!r}{shown})"


def make(module, path: Path, target: str, features: list[str] | None = None, as_str: bool = False):
    what = ds_call(path, target, features, as_str)
    kwargs = {} if features is None else {"feature_columns": list(features)}
    return call(module.CsvDataset, str(path) if as_str else path, target, what=what, **kwargs), what


def item(ds: Dataset, i: int, what: str) -> tuple[torch.Tensor, torch.Tensor]:
    out = call(lambda: ds[i], what=f"{what}[{i}]")
    assert_type(out, (tuple, list), f"{what}[{i}]")
    expect(len(out) == 2, f"{what}[{i}]: expected (features, target), got {len(out)} items")
    return assert_tensor(out[0], f"{what}[{i}] features"), assert_tensor(out[1], f"{what}[{i}] target")


def table(ds: Dataset, what: str, n: int) -> tuple[torch.Tensor, torch.Tensor]:
    """All items as (features (N, F), targets (N,)), whatever the items' exact shapes (checked elsewhere)."""
    size = call(len, ds, what=f"len({what})")
    expect(size == n, f"len({what}): expected {n} rows, got {size}")
    pairs = [item(ds, i, what) for i in range(n)]
    widths = {p[0].numel() for p in pairs}
    expect(len(widths) == 1, f"{what}: items have different numbers of features {sorted(widths)}")
    for i, (_, target) in enumerate(pairs):
        expect(target.numel() == 1, f"{what}[{i}] target: expected one value, got shape {tuple(target.shape)}")
    return torch.stack([f.reshape(-1) for f, _ in pairs]), torch.stack([t.reshape(()) for _, t in pairs])


def expect_same_table(attempt, reference, path: Path, target: str, features: list[str] | None, causes=None) -> None:
    """Every row of the attempt's data set equals the reference's (features and target, dtype aside)."""
    ds, what = make(attempt, path, target, features)
    ref, _ = make(reference, path, target, features)
    got, targets = table(ds, what, len(ref))
    assert_close(got, ref.features, ELEMENTWISE, f"{what}: features of every row", False, causes=causes)
    assert_close(targets, ref.targets, ELEMENTWISE, f"{what}: targets", False)


@check("behaviour")
def test_length_is_the_number_of_data_rows(attempt, tmp_path):
    for n, as_str in ((9, False), (1, True), (4, True)):
        path = numeric_file(tmp_path, n, seed=n)
        ds, what = make(attempt, path, "price", as_str=as_str)
        size = call(len, ds, what=f"len({what})")
        expect(size == n, f"len({what}) with the header and {n} data rows: expected {n}, got {size}")
    path = mixed_file(tmp_path, 10)
    ds, what = make(attempt, path, "price", ["rooms"])
    size = call(len, ds, what=f"len({what})")
    expect(size == 10, f"len({what}) (quoted fields with line breaks count as one row): expected 10, got {size}")


@check("dtype", points=2)
def test_items_are_float32_features_and_a_0d_target(attempt, tmp_path):
    path = mixed_file(tmp_path, 6)
    numeric = numeric_file(tmp_path, 5)
    # Integer-only columns (written as 3, not 3.0) too: features and target are float32 all the same.
    cases = [(numeric, "price", None, 5), (path, "price", ["area, m2", "rooms", "id"], 3),
             (path, "rooms", ["price"], 1), (numeric, "price", ["rooms", 'grade "A"'], 2),
             (path, "id", ["rooms"], 1)]  # fmt: skip
    for file, target, features, width in cases:
        ds, what = make(attempt, file, target, features)
        for i in (0, 3):
            x, y = item(ds, i, what)
            assert_shape(x, (width,), f"{what}[{i}] features")
            assert_dtype(x, torch.float32, f"{what}[{i}] features")
            assert_shape(y, (), f"{what}[{i}] target (a 0-d tensor)")
            assert_dtype(y, torch.float32, f"{what}[{i}] target")


@check("numerics", points=2)
def test_default_features_are_all_other_columns_in_file_order(attempt, reference, tmp_path):
    path = numeric_file(tmp_path, 9)
    for target in ("price", "rooms", "tiny"):  # middle, first, last
        others = [name for name in NUMERIC if name != target]
        causes = {
            "the target column is among the features: feature_columns=None means every column except the target": (
                lambda t=target: make(reference, path, t, NUMERIC)[0].features
            ),
            "the features are sorted by name: keep the file's column order": (
                lambda t=target, o=others: make(reference, path, t, sorted(o))[0].features
            ),
        }
        expect_same_table(attempt, reference, path, target, None, causes)


@check("numerics", points=2)
def test_feature_columns_are_selected_in_the_order_given(attempt, reference, tmp_path):
    path = numeric_file(tmp_path, 9, seed=2)
    for target, features in (("price", ["lat", "rooms"]), ("lat", ["tiny", 'grade "A"', "area, m2"]),
                             ("rooms", ["price"]), ("price", ["rooms", "lat"])):  # fmt: skip
        in_file = [name for name in NUMERIC if name in features]
        causes = {"the columns come in file order: keep the order of feature_columns": (
            lambda t=target, f=in_file: make(reference, path, t, f)[0].features
        )}  # fmt: skip
        expect_same_table(attempt, reference, path, target, features, causes)


@check("numerics", points=2)
def test_quoted_fields_with_commas_and_line_breaks(attempt, reference, tmp_path):
    path = mixed_file(tmp_path, 10)
    for target, features in (("price", ["area, m2", "rooms"]), ("rooms", ["id", "price"]), ("id", ["area, m2"])):
        expect_same_table(attempt, reference, path, target, features)
    path = mixed_file(tmp_path, 7, seed=2, header=MIXED_BREAKS)
    for target, features in (("price\nUSD", ["area\n(m2)", " rooms"]), (" rooms", ["area\n(m2)"])):
        expect_same_table(attempt, reference, path, target, features)


@check("behaviour")
def test_unknown_column_raises(attempt, tmp_path):
    mixed, numeric = mixed_file(tmp_path, 4), numeric_file(tmp_path, 4)  # the last column: text, then a number
    for path, target, features, missing in (
        (mixed, "prices", ["rooms"], "prices"), (mixed, "price", ["rooms", "size"], "size"),
        (mixed, "price", ["Rooms"], "Rooms"), (mixed, "price", ["area"], "area"),
        (numeric, "price", ["rooms", "size"], "size"), (numeric, "price", ["Tiny"], "Tiny"),
        (numeric, "prices", None, "prices"),
    ):  # fmt: skip
        what = ds_call(path, target, features)
        try:
            ds = attempt.CsvDataset(path, target, feature_columns=features)
        except (KeyError, ValueError):
            continue
        except NotImplementedError:
            raise
        except Exception as err:  # the learner sees which exception came instead
            expect(False, f"{what}: {missing!r} is not in the header: expected KeyError or ValueError, got "
                          f"{type(err).__name__}: {err}")  # fmt: skip
        expect(False, f"{what}: {missing!r} is not in the header: expected KeyError or ValueError from the "
                      f"constructor, got {describe(ds)}")  # fmt: skip


@check("behaviour")
def test_works_inside_a_dataloader(attempt, reference, tmp_path):
    path = mixed_file(tmp_path, 10, seed=3)
    features = ["area, m2", "rooms", "id"]
    ds, what = make(attempt, path, "price", features)
    ref, _ = make(reference, path, "price", features)
    loader_what = f"DataLoader({what}, batch_size=4)"
    batches = call(lambda: list(DataLoader(ds, batch_size=4)), what=loader_what)
    expect(len(batches) == 3, f"{loader_what}: expected 3 batches for 10 rows, got {len(batches)}")
    for k, batch in enumerate(batches):
        assert_type(batch, (tuple, list), f"{loader_what}: batch {k}")
        expect(len(batch) == 2, f"{loader_what}: batch {k} should be (features, targets), got {len(batch)} items")
        rows = slice(4 * k, 4 * k + 4)
        assert_close(tuple(batch), (ref.features[rows], ref.targets[rows]), ELEMENTWISE,
                     f"{loader_what}: batch {k} (features (B, F), targets (B,))")  # fmt: skip


@check("performance")
def test_file_is_parsed_once(attempt, tmp_path):
    n, limit = 4000, 3.0
    path = numeric_file(tmp_path, n, seed=4)
    ds, what = make(attempt, path, "price")
    start = _perf_counter()
    for i in range(n):
        item(ds, i, what)
        elapsed = _perf_counter() - start
        expect(
            elapsed <= limit,
            f"reading the items of {what} with {n} rows: {i + 1} items took {elapsed:.1f} s (all {n} should take "
            f"well under a second): parse the file once in the constructor, not on every item",
        )


class Numbers(Dataset):
    """Item i is i: the subsets' items are the indices they hold."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, index: int) -> int:
        return index


def split(attempt, dataset: Dataset, n: int, fraction: float, seed: int) -> tuple[list[int], list[int], str]:
    """The items of (train, val) as lists of ints (the indices, for `Numbers`)."""
    what = f"train_val_split(data set of {n} items, val_fraction={fraction}, seed={seed})"
    out = call(attempt.train_val_split, dataset, fraction, seed, what=what)
    assert_type(out, tuple, what)
    expect(len(out) == 2, f"{what}: expected (train, val), got {len(out)} items")
    parts = []
    for name, subset in zip(("train", "val"), out, strict=True):
        assert_type(subset, Subset, f"{what}: {name}")
        values = [call(lambda s=subset, j=j: s[j], what=f"{what}: {name}[{j}]") for j in range(len(subset))]
        parts.append([int(v[0]) if isinstance(v, tuple) else int(v) for v in values])
    return parts[0], parts[1], what


SPLITS = [(50, 0.2), (7, 0.5), (10, 0.3), (33, 0.1), (9, 0.25), (20, 0.0), (1, 0.5)]


@check("shape", points=2)
def test_split_sizes(attempt):
    for i, (n, fraction) in enumerate(SPLITS):
        train, val, what = split(attempt, Numbers(n), n, fraction, seed=i)
        allowed = sorted({math.floor(n * fraction), math.ceil(n * fraction)})
        shown = " or ".join(map(str, allowed))
        cause = ""
        if fraction == 0 and len(val) == n:
            cause = "; likely cause: with n_val = 0, `order[-n_val:]` is the whole list (-0 is 0)"
        elif 0 < fraction < 1 and len(train) in allowed and len(val) == n - len(train):
            cause = "; likely cause: (val, train) came back instead of (train, val)"
        expect(len(val) in allowed, f"{what}: len(val) expected {shown}, got {len(val)}{cause}")
        expect(len(train) + len(val) == n, f"{what}: len(train) + len(val) expected {n}, got {len(train)} + {len(val)}")


@check("behaviour", points=2)
def test_split_is_disjoint_and_complete(attempt):
    for i, (n, fraction) in enumerate([*SPLITS, (40, 0.35)]):
        train, val, what = split(attempt, Numbers(n), n, fraction, seed=10 + i)
        both = sorted(train + val)
        shared = sorted(set(train) & set(val))
        expect(not shared, f"{what}: train and val share the items {shared[:8]}")
        expect(len(set(train)) == len(train), f"{what}: train holds an item twice: {sorted(train)}")
        expect(len(set(val)) == len(val), f"{what}: val holds an item twice: {sorted(val)}")
        missing = sorted(set(range(n)) - set(both))
        expect(not missing, f"{what}: items {missing[:8]} are in neither train nor val")
    tensors = TensorDataset(torch.arange(30) * 3)  # any map-style data set: items are (value,) tuples
    train, val, what = split(attempt, tensors, 30, 0.3, seed=0)
    expect(sorted(train + val) == list(range(0, 90, 3)), f"{what} on a TensorDataset: train + val should hold "
                                                          f"every item once, got {sorted(train + val)}")  # fmt: skip


@check("behaviour", points=2)
def test_split_is_random_and_seeded(attempt):
    n, fraction = 60, 0.25
    for seed in (0, 3):  # seed 0 too: `if seed:` would fall back to the global RNG
        scramble_global_rng()
        train, val, what = split(attempt, Numbers(n), n, fraction, seed=seed)
        scramble_global_rng()
        again_train, again_val, _ = split(attempt, Numbers(n), n, fraction, seed=seed)
        expect(
            (sorted(again_train), sorted(again_val)) == (sorted(train), sorted(val)),
            f"{what} twice (the global RNG changed in between): expected the same split, got val {sorted(val)} "
            f"and then {sorted(again_val)}: draw from a generator seeded with `seed`",
        )
    _, other_val, other = split(attempt, Numbers(n), n, fraction, seed=4)
    expect(sorted(other_val) != sorted(val), f"{what} and {other}: expected different splits, got the same val")
    for name, part in (("val", val), ("train", train)):
        first, last = list(range(len(part))), list(range(n - len(part), n))
        expect(
            sorted(part) not in (first, last),
            f"{what}: {name} holds the {'first' if sorted(part) == first else 'last'} {len(part)} items: shuffle "
            "the indices before splitting",
        )


def global_rng_states() -> tuple[torch.Tensor, tuple, tuple]:
    return torch.get_rng_state(), np.random.get_state(), random.getstate()


@check("behaviour")
def test_split_leaves_the_global_rng_alone(attempt):
    for i, (n, fraction) in enumerate([(40, 0.25), (9, 0.5)]):
        scramble_global_rng()
        torch_before, numpy_before, random_before = global_rng_states()
        _, _, what = split(attempt, Numbers(n), n, fraction, seed=i)
        torch_after, numpy_after, random_after = global_rng_states()
        for name, same in (
            ("torch", torch.equal(torch_after, torch_before)),
            ("NumPy", numpy_after[0] == numpy_before[0] and np.array_equal(numpy_after[1], numpy_before[1])
             and numpy_after[2:] == numpy_before[2:]),
            ("random", random_after == random_before),
        ):  # fmt: skip
            expect(
                same,
                f"{what} changed the global {name} random state (it seeded it or drew from it): leave the caller's "
                "RNG as it was and draw from a generator of your own",
            )
