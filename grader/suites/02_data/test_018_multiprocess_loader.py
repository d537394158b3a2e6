"""Grader for question 18: seed_worker seeds random and NumPy from torch.initial_seed(); make_parallel_loader
gives reproducible, per-worker-distinct draws in index order with real worker processes, under fork and
spawn; ShardedRange splits its range between 0-3 workers with no duplicates or gaps."""

import contextlib
import multiprocessing
import operator
import os
import random
import re
import runpy
import warnings

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, get_worker_info

from grader.checks import CheckFailed, call, check, describe, expect, scramble_global_rng

SPAWN_TIMEOUT_S = 120  # each spawned worker imports torch (~2 s, more on a busy machine)


class _SuiteNamespace:
    """Unpickles as this file's globals: a spawned worker cannot import the suite by its module name."""

    def __reduce__(self):
        return runpy.run_path, (__file__,)


class _SuiteClass:
    """`_SuiteClass(name)(*args)` builds `name(*args)`; pickled, it is that class loaded again from this file."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, *args: object) -> object:
        return globals()[self.name](*args)

    def __reduce__(self):
        return operator.getitem, (_SuiteNamespace(), self.name)


class RandomDraws(Dataset):
    """Item i: its index, one NumPy and one `random` draw made in the worker, and the worker's id and pid."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, index: int) -> dict:
        info = get_worker_info()
        return {
            "index": index,
            "numpy": float(np.random.rand()),
            "random": random.random(),
            "worker": -1 if info is None else info.id,
            "pid": os.getpid(),
        }

    def __reduce__(self):  # rebuilt from this file in a spawned worker
        return _SuiteClass("RandomDraws"), (self.n,)


@contextlib.contextmanager
def more_workers_than_cpus():
    """Torch warns when a loader has more workers than CPUs (the grader's 3 workers on a 2-core machine): that
    choice is the grader's, so the warning must not show as output of the attempt."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="This DataLoader will create", category=UserWarning)
        yield


def run_epoch(loader: DataLoader, what: str) -> list:
    """One pass over `loader`. Its workers are shut down before the check goes on, even when the attempt
    fails: a worker left running is killed after the check, which torch would report as a crash."""
    with more_workers_than_cpus():
        iterator = call(iter, loader, what=what)
    try:
        return list(iterator)
    except Exception as err:
        if isinstance(err, NotImplementedError) or type(err).__module__.startswith("grader."):
            raise
        raise CheckFailed(f"{what} raised {worker_error(err)}") from err
    finally:
        shutdown = getattr(iterator, "_shutdown_workers", None)  # the multi-process iterator's own clean-up
        if shutdown is not None:
            shutdown()


def worker_error(err: Exception) -> str:
    """An error re-raised from a worker, in one line: torch puts the worker's whole traceback in the message."""
    text = str(err)
    if "Original Traceback" not in text:
        return f"{type(err).__name__}: {text}" if text else type(err).__name__
    lines = [line for line in text.splitlines() if line.strip()]
    where = lines[0].removeprefix(f"Caught {type(err).__name__} ").rstrip(".")  # "in DataLoader worker process 0"
    mine = [m for m in re.finditer(r'File "([^"]+)", line (\d+)', text) if os.path.basename(m[1]) == "attempt.py"]
    line = f" (your line {mine[-1][2]})" if mine else ""
    return f"{lines[-1].strip()} {where}{line}"


def loader_of(attempt, n: int, batch_size: int, num_workers: int, seed: int, start_method: str | None = None):
    """The attempt's loader over RandomDraws(n); `start_method` ("fork", "spawn") replaces its workers' one."""
    what = f"make_parallel_loader(data set of {n}, batch_size={batch_size}, num_workers={num_workers}, seed={seed})"
    with more_workers_than_cpus():
        loader = call(attempt.make_parallel_loader, RandomDraws(n), batch_size, num_workers, seed, what=what)
    expect(isinstance(loader, DataLoader), f"{what}: expected a torch.utils.data.DataLoader, got {describe(loader)}")
    if start_method is not None:
        shown = f"{what}.multiprocessing_context = {start_method!r}"
        call(setattr, loader, "multiprocessing_context", start_method, what=shown)
        what += f" with the {start_method} start method"
    return loader, what


def fields(batches: list) -> dict[str, list]:
    """{field: list over the items} of an epoch of RandomDraws batches."""
    return {key: [v for b in batches for v in torch.as_tensor(b[key]).tolist()] for key in RandomDraws(1)[0]}


def draws(attempt, n: int = 12, batch_size: int = 2, num_workers: int = 2, seed: int = 0, start_method=None):
    """One epoch: {field: list over the items} and the number of batches, with the call described."""
    loader, what = loader_of(attempt, n, batch_size, num_workers, seed, start_method)
    batches = run_epoch(loader, f"iterating {what}")
    return fields(batches), [len(b["index"]) for b in batches], what


def seed_globals(seed: int) -> None:
    """The same state in every global RNG."""
    torch.manual_seed(seed)
    np.random.seed(seed)
    random.seed(seed)


@check("behaviour", points=2)
def test_seed_worker_seeds_random_and_numpy_from_torch(attempt):
    def after(seed: int, worker_id: int) -> tuple[float, float]:
        scramble_global_rng()
        torch.manual_seed(seed)
        call(attempt.seed_worker, worker_id, what=f"seed_worker({worker_id}) after torch.manual_seed({seed})")
        return random.random(), float(np.random.rand())

    for seed in (5, 2**32 + 9, 2**63 - 25):
        for worker_id in (0, 1):
            first, again = after(seed, worker_id), after(seed, worker_id)
            what = f"seed_worker({worker_id}) after torch.manual_seed({seed}), twice (other RNG states in between)"
            for k, (name, module) in enumerate([("random.random()", "random"), ("np.random.rand()", "NumPy")]):
                expect(
                    first[k] == again[k],
                    f"{what}: {name} gave {first[k]} then {again[k]}: seed {module} from torch.initial_seed() alone",
                )
        other, same = after(seed + 1, 0), after(seed, 0)
        what = f"seed_worker(0) after torch.manual_seed({seed}) and after torch.manual_seed({seed + 1})"
        expect(other[0] != same[0], f"{what}: the same random draws (derive the seed from torch.initial_seed())")
        expect(other[1] != same[1], f"{what}: the same NumPy draws (derive the seed from torch.initial_seed())")


@check("behaviour", points=2)
def test_loader_yields_items_in_order_from_its_workers(attempt):
    for n, batch_size, num_workers in [(10, 4, 2), (7, 1, 3), (9, 3, 0)]:
        out, sizes, what = draws(attempt, n, batch_size, num_workers, seed=1)
        expected = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
        expect(sizes == expected, f"{what}: expected batches of sizes {expected}, got {sizes}")
        expect(out["index"] == list(range(n)), f"{what}: expected the items in index order, got {out['index']}")
        workers = sorted(set(out["worker"]))
        expected_workers = list(range(num_workers)) if num_workers else [-1]
        shown = "the main process" if num_workers == 0 else f"workers {expected_workers}"
        expect(
            workers == expected_workers and (num_workers == 0) == (set(out["pid"]) == {os.getpid()}),
            f"{what}: expected the items to come from {shown}, got worker ids {workers}",
        )


def built_loader(attempt, seed: int) -> tuple[DataLoader, str]:
    """A 2-worker loader; building it must leave the global torch RNG alone."""
    state = torch.get_rng_state()
    loader, what = loader_of(attempt, 12, 2, 2, seed)
    expect(
        torch.equal(torch.get_rng_state(), state),
        f"{what} changed the global torch RNG: torch.manual_seed(seed) reseeds the whole program (and "
        "generator=torch.manual_seed(seed) is that same global generator); give the DataLoader its own "
        "torch.Generator",
    )
    return loader, what


def scrambled_epoch(loader: DataLoader, what: str) -> dict[str, list]:
    """An epoch of `loader`, the global RNGs scrambled first."""
    scramble_global_rng()
    return fields(run_epoch(loader, f"iterating {what}"))


@check("behaviour", points=2)
def test_same_seed_gives_the_same_draws(attempt):
    # Every loader is built before any is iterated: each must keep its own seed (no generator shared between
    # loaders, nothing read from the global RNGs when iterating).
    loaders = [built_loader(attempt, seed) for seed in (3, 3, 4)]
    (first, again, other), what = [scrambled_epoch(*loader) for loader in loaders], loaders[0][1]
    for key in ("numpy", "random"):
        expect(
            first[key] == again[key],
            f"{what}, built twice, then both iterated (the global RNGs scrambled before each epoch): the {key} "
            f"draws differ: {first[key][:3]}... then {again[key][:3]}... (they must depend on seed alone: each "
            "loader its own generator seeded with seed, seed_worker seeding from torch.initial_seed())",
        )
    expect(other["numpy"] != first["numpy"], f"{loaders[2][1]} and seed=3: the same NumPy draws for different seeds")


@check("behaviour", points=2)
def test_workers_draw_different_numbers(attempt):
    out, _, what = draws(attempt, n=12, batch_size=2, num_workers=2, seed=6)
    per_worker = {w: [x for x, wid in zip(out["numpy"], out["worker"], strict=True) if wid == w] for w in (0, 1)}
    expect(
        per_worker[0] != per_worker[1],
        f"{what}: workers 0 and 1 drew the same NumPy numbers {per_worker[0][:3]}...: every worker was seeded "
        "alike (seed each worker from torch.initial_seed(), which differs per worker)",
    )


# The start method the spawned workers are compared with: fork where the platform has it (Linux), else the default.
FORK = "fork" if "fork" in multiprocessing.get_all_start_methods() else None


@check("behaviour", points=2, timeout_s=SPAWN_TIMEOUT_S)
def test_works_with_the_spawn_start_method(attempt):
    runs = []
    for start_method in (FORK, FORK, "spawn"):
        seed_globals(11)  # the same global RNG states for every loader: only the start method differs
        runs.append(draws(attempt, n=8, batch_size=2, num_workers=2, seed=7, start_method=start_method))
    (forked, _, what), (again, _, _), (spawned, _, what_spawned) = runs
    expect(
        forked["numpy"] == again["numpy"] and forked["random"] == again["random"],
        f"{what}, twice: the draws differ already ({forked['numpy'][:3]}... then {again['numpy'][:3]}...), so the "
        "spawned workers cannot repeat them (the draws must depend on seed alone)",
    )
    what = what_spawned
    expect(spawned["index"] == list(range(8)), f"{what}: expected the items in index order, got {spawned['index']}")
    expect(
        len(set(spawned["pid"]) - {os.getpid()}) == 2,
        f"{what}: expected the items to come from 2 worker processes, got process ids {sorted(set(spawned['pid']))}",
    )
    for key in ("numpy", "random"):
        expect(
            spawned[key] == forked[key],
            f"{what}: the {key} draws differ from the same loader with the {FORK or 'default'} start method (the "
            f"global RNGs in the same state for both): {forked[key][:3]}... then {spawned[key][:3]}... (a spawned "
            "worker starts a fresh interpreter: nothing set in the main process reaches it but the loader's pickled "
            "parts)",
        )


def shard_values(attempt, start: int, end: int, num_workers: int, epochs: int = 1) -> None:
    """Every epoch of ShardedRange(start, end) through a DataLoader with `num_workers` holds each integer once."""
    dataset = call(attempt.ShardedRange, start, end, what=f"ShardedRange({start}, {end})")
    with more_workers_than_cpus():
        loader = DataLoader(dataset, batch_size=None, num_workers=num_workers)
    what = f"DataLoader(ShardedRange({start}, {end}), num_workers={num_workers})"
    for epoch in range(epochs):
        got = sorted(int(v) for v in run_epoch(loader, f"iterating {what}"))
        expect_each_once(got, start, end, f"{what}, epoch {epoch + 1}")


def expect_each_once(got: list[int], start: int, end: int, what: str) -> None:
    expected = list(range(start, end))
    duplicates = sorted({v for v in got if got.count(v) > 1})
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    expect(
        got == expected,
        f"{what}: expected each of range({start}, {end}) once, got {len(got)} values"
        + (f"; duplicates {duplicates[:6]}" if duplicates else "")
        + (f"; missing {missing[:6]}" if missing else "")
        + (f"; outside the range {extra[:6]}" if extra else ""),
    )


RANGES = [(3, 20), (0, 12), (-4, 9), (5, 7), (8, 8)]


@check("behaviour")
def test_sharded_range_without_workers(attempt):
    for start, end in RANGES:
        dataset = call(attempt.ShardedRange, start, end, what=f"ShardedRange({start}, {end})")
        for time in ("", ", a second time"):
            what = f"list(ShardedRange({start}, {end})){time}"
            got = [int(v) for v in call(lambda d=dataset: list(iter(d)), what=what)]
            expect(got == list(range(start, end)), f"{what}: expected {list(range(start, end))}, got {got}")
        shard_values(attempt, start, end, num_workers=0, epochs=2)


@check("behaviour", points=2, timeout_s=60)
def test_sharded_range_has_no_duplicates_or_gaps_across_workers(attempt):
    for num_workers in (1, 2, 3):
        for start, end in RANGES[:4] if num_workers > 1 else RANGES[:1]:
            shard_values(attempt, start, end, num_workers, epochs=2 if (start, end) == (3, 20) else 1)
    shard_values(attempt, 8, 8, num_workers=2)


@check("behaviour")
def test_sharded_range_through_make_parallel_loader(attempt):
    dataset = call(attempt.ShardedRange, 0, 23, what="ShardedRange(0, 23)")
    what = "make_parallel_loader(ShardedRange(0, 23), batch_size=4, num_workers=2, seed=0)"
    try:
        loader = call(attempt.make_parallel_loader, dataset, 4, 2, 0, what=what)
    except CheckFailed as failure:
        raise CheckFailed(
            f"{failure} (make_parallel_loader must also take an IterableDataset: a DataLoader over one accepts "
            "batch_size but no sampler, batch_sampler or shuffle)"
        ) from None
    batches = run_epoch(loader, f"iterating {what}")
    got = sorted(int(v) for b in batches for v in torch.as_tensor(b).reshape(-1).tolist())
    expect_each_once(got, 0, 23, what)
