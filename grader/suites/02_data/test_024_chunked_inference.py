"""Grader for question 24: predict_in_batches equals the full-batch output, runs each chunk in eval mode under
inference_mode, restores the training flag, and never reads or forwards more than batch_size rows."""

import copy
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from grader.checks import (
    EXACT,
    REDUCTION,
    assert_close,
    assert_dtype,
    assert_shape,
    assert_type,
    call,
    check,
    describe,
    dtype_str,
    expect,
    randn,
    write_memmap,
)


@dataclass
class Forward:
    rows: int
    training: bool  # the model's own flag
    layers_training: bool  # any submodule's flag
    inference: bool


class Probe(nn.Module):
    """Linear -> BatchNorm -> ReLU -> Dropout -> Linear over the last dim: rows (F,) give (out,), rows (C, F) give
    (C, out). Takes float32 chunks of the rows as stored only, and records every forward call in the class-level
    `calls` (shared with copies: an attempt may run a deep copy of the model).

    BatchNorm's running statistics are far from a batch's own, so train-mode outputs differ clearly."""

    calls: list[Forward] = []  # noqa: RUF012 - shared on purpose, cleared before each run

    def __init__(self, row_shape: tuple[int, ...], out: int, seed: int, squeeze: bool = False) -> None:
        super().__init__()
        torch.manual_seed(seed)
        self.row_shape = tuple(row_shape)
        normalised = row_shape[0] if len(row_shape) == 2 else 16  # BatchNorm1d normalises dim 1
        self.fc1 = nn.Linear(row_shape[-1], 16)
        self.bn = nn.BatchNorm1d(normalised)
        self.drop = nn.Dropout(0.5)
        self.fc2 = nn.Linear(16, out)
        self.squeeze = squeeze
        with torch.no_grad():
            self.bn.running_mean.copy_(randn(normalised, seed=seed + 1))
            self.bn.running_var.copy_(randn(normalised, seed=seed + 2).exp())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        layers_training = any(m.training for m in self.children())
        self.calls.append(Forward(int(x.shape[0]), self.training, layers_training, torch.is_inference_mode_enabled()))
        rows = ", ".join(map(str, self.row_shape))
        if tuple(x.shape[1:]) != self.row_shape:
            raise ValueError(f"the grader's model takes chunks of shape (B, {rows}), the rows as stored: got a "
                             f"tensor of shape {tuple(x.shape)}")  # fmt: skip
        if x.dtype != torch.float32:
            raise TypeError(f"the grader's model (float32 weights) takes float32 chunks: got {dtype_str(x.dtype)}")
        out = self.fc2(self.drop(torch.relu(self.bn(self.fc1(x)))))
        return out.squeeze(-1) if self.squeeze else out


class Rows:
    """Stands for an array too large to load: offers only len() and slices, and records each slice read."""

    def __init__(self, data: np.ndarray) -> None:
        self._data = data
        self.slices: list[tuple[int, int]] = []
        self.pending: list[int] = []  # at each read: rows read so far that the model has not seen yet

    def __len__(self) -> int:
        return len(self._data)

    def __getattr__(self, name: str) -> object:
        raise AttributeError(
            f"the grader's data offers only len(data) and slices data[i:j] (it stands for an array too large to "
            f"load): it has no .{name}"
        )

    def __getitem__(self, index: object) -> np.ndarray:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError(
                f"the grader's data offers only len(data) and slices data[i:j] (it stands for an array too large "
                f"to load): got data[{index!r}]"
            )
        start, stop, _ = index.indices(len(self._data))
        self.slices.append((start, max(start, stop)))
        self.pending.append(sum(b - a for a, b in self.slices) - sum(f.rows for f in Probe.calls))
        return np.array(self._data[index])


# (N, row shape, batch_size, storage, dtype, outputs, squeeze): N > batch_size ** 2 and not a multiple of
# it, rows of shape (C, F), batch_size 1, batch_size > N, float64 data, (B,) outputs.
CASES = [
    (53, (5,), 7, "npy", np.float32, 3, False),
    (20, (2, 3), 4, "raw", np.float32, 4, False),
    (9, (4,), 1, "array", np.float64, 2, False),
    (6, (5,), 50, "npy", np.float32, 1, True),
    (101, (3,), 10, "raw", np.float64, 1, True),
]


def make_data(tmp_path: Path, n: int, row_shape: tuple[int, ...], storage: str, dtype, seed: int) -> np.ndarray:
    array = (3 * randn(n, *row_shape, seed=seed, dtype=torch.float64) + 1).numpy().astype(dtype)
    if storage == "array":
        return array
    return write_memmap(tmp_path / f"data_{seed}.{'npy' if storage == 'npy' else 'bin'}", array, raw=storage == "raw")


def describe_data(data: object, n: int, row_shape: tuple[int, ...]) -> str:
    if isinstance(data, Rows):
        return f"data of {n} rows (len and slices only)"
    kind = "np.memmap" if isinstance(data, np.memmap) else "array"
    return f"{kind} of shape {(n, *row_shape)} {data.dtype}"


def run(attempt, model: nn.Module, data: object, batch_size: int, shown: str) -> tuple[object, str]:
    what = f"predict_in_batches(model, {shown}, batch_size={batch_size})"
    model.calls.clear()
    return call(attempt.predict_in_batches, model, data, batch_size, what=what), what


def full_batch(model: nn.Module, data: np.ndarray) -> np.ndarray:
    """The model (a copy, in eval mode) on every row at once."""
    twin = copy.deepcopy(model).eval()
    with torch.no_grad():
        return twin(torch.as_tensor(np.array(data), dtype=torch.float32)).numpy()


@check("numerics", points=3)
def test_matches_the_full_batch_output(attempt, tmp_path):
    for i, (n, row_shape, batch_size, storage, dtype, out, squeeze) in enumerate(CASES):
        model = Probe(row_shape, out, seed=10 + i, squeeze=squeeze).eval()
        data = make_data(tmp_path, n, row_shape, storage, dtype, seed=20 + i)
        expected = full_batch(model, data)
        got, what = run(attempt, model, data, batch_size, describe_data(data, n, row_shape))
        chunks = [expected[s : s + batch_size] for s in range(0, n, batch_size)]
        causes = {
            "np.vstack stacks (B,) outputs as rows of a 2-D array: use np.concatenate": lambda c=chunks: np.vstack(c),
            "the last, shorter chunk is missing": lambda c=chunks: np.concatenate(c[:-1]),
        }
        assert_close(got, expected, REDUCTION, what, check_dtype=False, causes=causes)


@check("dtype")
def test_returns_a_float32_ndarray(attempt, tmp_path):
    for i, (n, row_shape, batch_size, storage, dtype, out, squeeze) in enumerate(CASES):
        model = Probe(row_shape, out, seed=30 + i, squeeze=squeeze).eval()
        data = make_data(tmp_path, n, row_shape, storage, dtype, seed=40 + i)
        expected = full_batch(model, data)  # (N,) or (N, out) or (N, C, out)
        got, what = run(attempt, model, data, batch_size, describe_data(data, n, row_shape))
        assert_type(got, np.ndarray, what)
        assert_shape(got, expected.shape, what)
        assert_dtype(got, np.dtype(np.float32), what)


def forward_calls(model: Probe, what: str) -> list[Forward]:
    expect(model.calls, f"{what}: the model was never called")
    return model.calls


@check("behaviour", points=2)
def test_model_runs_in_eval_mode(attempt, tmp_path):
    n, row_shape, batch_size = 23, (4,), 5
    model = Probe(row_shape, 3, seed=50).train()
    data = make_data(tmp_path, n, row_shape, "npy", np.float32, seed=51)
    expected = full_batch(model, data)  # every submodule in eval mode: model.eval() sets them all
    got, what = run(attempt, model, data, batch_size, describe_data(data, n, row_shape))
    for k, forward in enumerate(forward_calls(model, what)):
        call_k = f"{what}: forward call {k + 1} of {len(model.calls)}"
        if forward.training and forward.layers_training:
            expect(False, f"{call_k} ran in train mode (Dropout drops, BatchNorm uses the batch's statistics): call "
                          "model.eval() before the loop")  # fmt: skip
        expect(
            not forward.training,
            f"{call_k} ran with model.training=True (only its submodules were in eval mode): call model.eval(), "
            "which sets the model's own flag and every submodule's",
        )
        expect(
            not forward.layers_training,
            f"{call_k} ran with model.training=False but its submodules in train mode (Dropout drops, BatchNorm "
            "uses the batch's statistics): call model.eval(), which sets every submodule's flag",
        )
    assert_close(got, expected, REDUCTION, f"{what} (the outputs of the model in eval mode)", check_dtype=False)


@check("behaviour", points=2)
def test_forward_runs_under_inference_mode(attempt, tmp_path):
    n, row_shape, batch_size = 18, (2, 3), 4
    for i, start_training in enumerate((False, True)):
        model = Probe(row_shape, 2, seed=60 + i).train(start_training)
        data = make_data(tmp_path, n, row_shape, "raw", np.float32, seed=61 + i)
        _, what = run(attempt, model, data, batch_size, describe_data(data, n, row_shape))
        for k, forward in enumerate(forward_calls(model, what)):
            expect(
                forward.inference,
                f"{what}: forward call {k + 1} of {len(model.calls)} ran outside torch.inference_mode() "
                "(torch.no_grad() is not the same)",
            )


@check("behaviour")
def test_training_flag_and_weights_are_restored(attempt, tmp_path):
    n, row_shape, batch_size = 20, (3,), 6
    for i, (start_training, dtype) in enumerate(((True, np.float32), (False, np.float64))):
        model = Probe(row_shape, 2, seed=70 + i).train(start_training)
        before = {k: v.clone() for k, v in model.state_dict().items()}
        data = make_data(tmp_path, n, row_shape, "npy", dtype, seed=71 + i)
        _, what = run(attempt, model, data, batch_size, describe_data(data, n, row_shape))
        mode = "train" if start_training else "eval"
        expect(
            model.training == start_training,
            f"{what}: the model was in {mode} mode before the call and is left with training={model.training}: "
            "remember model.training and restore it afterwards",
        )
        after = model.state_dict()  # only the model's own flag is restored: submodules' modes are not compared
        for key, value in before.items():
            expect(key in after, f"{what}: model.{key} is gone after the call (the model must be left as it was)")
            assert_close(after[key], value, EXACT, f"{what}: model.{key} after the call (the weights must not change)")


class Failing(nn.Module):
    """Raises on the batch holding row MARKED (its features are all NaN), like a model hitting a bad row."""

    MARKED = 9

    error = RuntimeError("the grader's model failed on this batch")  # on the class: copies raise the same one

    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if bool(torch.isnan(x).any()):
            raise self.error
        return self.fc(x)


def chain(err: BaseException | None) -> list[BaseException]:
    """`err` and the exceptions it was raised from or while handling."""
    seen: list[BaseException] = []
    while err is not None and err not in seen:
        seen.append(err)
        err = err.__cause__ or err.__context__
    return seen


@check("behaviour")
def test_training_flag_restored_when_the_model_raises(attempt, tmp_path):
    model = Failing().train()
    array = np.array(make_data(tmp_path, 30, (4,), "array", np.float32, seed=80))
    array[Failing.MARKED] = np.nan
    data = write_memmap(tmp_path / "failing.npy", array)
    what = (
        f"predict_in_batches(model that raises on row {Failing.MARKED} (all NaN), np.memmap of shape (30, 4), "
        "batch_size=4)"
    )
    try:
        out = attempt.predict_in_batches(model, data, 4)
    except NotImplementedError:
        raise
    except Exception as err:  # the learner sees which exception came instead
        expect(
            model.error in chain(err),
            f"{what}: expected the model's RuntimeError to reach the caller, got {type(err).__name__}: {err}",
        )
    else:
        expect(False, f"{what}: expected the model's RuntimeError to reach the caller, got {describe(out)}")
    expect(
        model.training,
        f"{what}: the model was in train mode before the call and is left in eval mode after the error: restore "
        "the mode in a `finally` block",
    )


@check("behaviour", points=3)
def test_never_reads_or_forwards_more_than_batch_size_rows(attempt, tmp_path):
    for i, (n, batch_size) in enumerate([(41, 6), (70, 8), (10, 10), (5, 1), (3, 7)]):
        model = Probe((4,), 3, seed=90 + i).eval()
        memmap = make_data(tmp_path, n, (4,), "npy", np.float32, seed=100 + i)
        expected = full_batch(model, memmap)
        rows = Rows(memmap)
        got, what = run(attempt, model, rows, batch_size, describe_data(rows, n, (4,)))
        expect(rows.slices, f"{what}: the data was never sliced")
        start, stop = max(rows.slices, key=lambda s: s[1] - s[0])
        expect(
            stop - start <= batch_size,
            f"{what}: read data[{start}:{stop}], {stop - start} rows at once (at most batch_size={batch_size})",
        )
        largest = max(forward_calls(model, what), key=lambda f: f.rows).rows
        expect(
            largest <= batch_size,
            f"{what}: the model was called on {largest} rows at once (at most batch_size={batch_size}): run it "
            "on each chunk as it is read",
        )
        held = max(rows.pending)  # one chunk read ahead is fine
        expect(
            held <= 2 * batch_size,
            f"{what}: {held} rows were read before the model saw them (they all sit in memory): run the model on "
            "each chunk as it is read, before reading the next",
        )
        assert_close(got, expected, REDUCTION, what, check_dtype=False)
