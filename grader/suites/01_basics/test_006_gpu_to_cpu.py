"""Grader for question 6: pick_device follows availability at call time; to_cpu moves nested tensors."""

import numpy as np
import pytest
import torch

from grader.checks import (
    EXACT,
    OnFakeGPU,
    assert_close,
    assert_tensor,
    assert_type,
    call,
    check,
    describe,
    expect,
    expect_raises,
    on_fake_gpu,
    plain,
    randn,
    simulate_devices,
)

# --- simulated machines ------------------------------------------------------------------------------
# simulate_devices patches the availability probes with `monkeypatch`, which undoes them at teardown.

MACHINES = {"cuda+mps": (True, True), "cuda": (True, False), "mps": (False, True), "cpu-only": (False, False)}


def on_machine(monkeypatch, machine: str, built: bool = False) -> None:
    """Simulate `machine`; with `built`, torch also reports CUDA and MPS as compiled in (`is_built()`), which
    says nothing about a device being there."""
    simulate_devices(monkeypatch, *MACHINES[machine])
    if built:
        monkeypatch.setattr(torch.backends.mps, "is_built", lambda: True)
        monkeypatch.setattr(torch.backends.cuda, "is_built", lambda: True)


def picked(attempt, monkeypatch, machine: str, *prefer: str, built: bool = False) -> str:
    on_machine(monkeypatch, machine, built)
    what = f"pick_device({', '.join(map(repr, prefer))}) on a {machine} machine"
    device = call(attempt.pick_device, *prefer, what=what)
    assert_type(device, torch.device, what)
    return device.type


@check("behaviour", points=2)
@pytest.mark.parametrize(
    ("machine", "expected"), [("cuda+mps", "cuda"), ("cuda", "cuda"), ("mps", "mps"), ("cpu-only", "cpu")]
)
def test_pick_device_falls_back_cuda_mps_cpu(attempt, monkeypatch, machine, expected):
    got = picked(attempt, monkeypatch, machine)
    expect(got == expected, f"pick_device() on a {machine} machine: expected {expected}, got {got}")
    got = picked(attempt, monkeypatch, machine, "cuda")
    expect(got == expected, f"pick_device('cuda') on a {machine} machine: expected {expected}, got {got}")


@check("behaviour")
@pytest.mark.parametrize(
    ("machine", "prefer", "expected"),
    [
        ("cuda+mps", "mps", "mps"),
        ("cuda+mps", "cpu", "cpu"),
        ("cuda", "mps", "cuda"),
        ("mps", "cuda", "mps"),
        ("cpu-only", "mps", "cpu"),
    ],
)
def test_pick_device_honours_prefer(attempt, monkeypatch, machine, prefer, expected):
    got = picked(attempt, monkeypatch, machine, prefer)
    expect(got == expected, f"pick_device({prefer!r}) on a {machine} machine: expected {expected}, got {got}")


@check("behaviour")
@pytest.mark.parametrize(
    ("machine", "prefer", "expected"),
    [("cpu-only", None, "cpu"), ("cpu-only", "mps", "cpu"), ("cuda", "mps", "cuda"), ("mps", None, "mps")],
)
def test_pick_device_asks_availability_not_the_build(attempt, monkeypatch, machine, prefer, expected):
    """torch built with CUDA and MPS support (`is_built()` is True) on a machine without those devices."""
    args = [prefer] if prefer else []
    got = picked(attempt, monkeypatch, machine, *args, built=True)
    expect(
        got == expected,
        f"pick_device({', '.join(map(repr, args))}) on a {machine} machine whose torch is built with CUDA and MPS "
        f"support (is_built() is True, is_available() is False): expected {expected}, got {got}",
    )


@check("behaviour")
def test_pick_device_rejects_an_unknown_prefer(attempt, monkeypatch):
    simulate_devices(monkeypatch, cuda=True, mps=True)
    for prefer in ("tpu", "gpu", "CUDA"):
        expect_raises(ValueError, attempt.pick_device, prefer, what=f"pick_device({prefer!r})")


@check("behaviour")
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_pick_device_finds_real_cuda(attempt):
    what = "pick_device() on this CUDA machine"
    got = call(attempt.pick_device, what=what)
    assert_type(got, torch.device, what)
    expect(got.type == "cuda", f"{what}: expected cuda, got {got}")


# --- tensors that report a GPU device, nested -------------------------------------------------------------
# on_fake_gpu tensors report cuda:0; OnFakeMPS ones report mps:0 (not is_cuda), as an Apple GPU's do.

_MPS0 = torch.device("mps", 0)


class OnFakeMPS(OnFakeGPU):
    """An OnFakeGPU tensor that reports device mps:0: `.is_cuda` is False and `.is_mps` True."""

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        if func == torch.Tensor.device.__get__:
            return _MPS0
        if func == torch.Tensor.is_cuda.__get__:
            return False
        if func == torch.Tensor.is_mps.__get__:
            return True
        forced = (kwargs or {}).get("force") or (len(args) > 1 and args[1])  # numpy(force=True) copies first
        if func is torch.Tensor.numpy and not forced:
            raise TypeError("can't convert mps:0 device type tensor to numpy. Use Tensor.cpu() first.")
        return super().__torch_function__(func, types, args, kwargs)


def on_fake_mps(tensor: torch.Tensor) -> OnFakeMPS:
    return tensor.as_subclass(OnFakeMPS)


GPUS = {"cuda": on_fake_gpu, "mps": on_fake_mps}
THROUGH_FLOAT32 = "the tensors went through float32 (`.float()`): `.cpu()` alone keeps the dtype"


class Opaque:
    """A non-tensor object that must come back as it is."""

    def __repr__(self) -> str:
        return "Opaque()"


def nested(move=lambda t: t) -> dict:
    """A batch-like structure; `move` puts each tensor on its device."""
    return {
        "weights": [move(randn(3, 4, seed=1)), move(randn(5, seed=2).double())],
        "pair": (move(randn(2, 2, seed=3).half()), "label", 7),
        "meta": {"step": 12, "lr": 0.1, "flag": None, "array": np.arange(3), "obj": Opaque()},
        "ids": move((randn(6, seed=4) * 10).long()),
        "mask": move(randn(4, seed=5) > 0),
        "scalar": move(randn(seed=6)),
        "empty": ([], (), {}),
        "deep": [({"x": move(randn(1, seed=7))}, [move(randn(2, seed=8))])],
    }


def walk(obj: object, path: str = ""):
    """(path, node) for every node of a nested structure, containers before their contents."""
    yield path, obj
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from walk(value, f"{path}[{key!r}]")
    elif isinstance(obj, (list, tuple)):
        for i, value in enumerate(obj):
            yield from walk(value, f"{path}[{i}]")


def frozen(obj: object, leaf=lambda x: x) -> object:
    """A copy of the containers of `obj` holding the same leaves (or `leaf` of each tensor): the input as it was."""
    if isinstance(obj, torch.Tensor):
        return leaf(obj)
    if isinstance(obj, dict):
        return {key: frozen(value, leaf) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(frozen(value, leaf) for value in obj)
    return obj


def expect_matching(out: object, original: object, path: str = "") -> None:
    """`out` mirrors `original`: same container types, keys and lengths; tensors equal and on the CPU;
    every other value the very same object."""
    where = f"to_cpu(obj){path}"
    if isinstance(original, torch.Tensor):
        assert_tensor(out, where)
        expect(out.device.type == "cpu", f"{where}: expected a tensor on the cpu, got one on {out.device}")
        expected = plain(original).cpu()
        assert_close(plain(out), expected, EXACT, where, causes={THROUGH_FLOAT32: expected.float})
    elif isinstance(original, (dict, list, tuple)):
        kind = type(original).__name__
        expect(type(out) is type(original), f"{where}: expected a {kind}, got {describe(out)}")
        if isinstance(original, dict):
            keys, got = list(original), list(out)
            expect(keys == got, f"{where} keys: expected {keys}, got {got}")
            for key in keys:
                expect_matching(out[key], original[key], f"{path}[{key!r}]")
        else:
            expect(len(out) == len(original), f"{where}: expected a {kind} of {len(original)} items, got {len(out)}")
            for i, (a, b) in enumerate(zip(out, original, strict=True)):
                expect_matching(a, b, f"{path}[{i}]")
    else:
        expect_same_object(out, original, where)


def expect_same_object(got: object, value: object, what: str) -> None:
    if got is value:
        return
    try:
        equal = type(got) is type(value) and bool(got == value)
    except (TypeError, ValueError):  # NumPy arrays compare elementwise
        equal = type(got) is type(value) and np.array_equal(got, value)
    shown = "an equal copy, not the same object" if equal else f"{describe(got)} {got!r}"
    expect(False, f"{what}: expected the very object passed in ({value!r}) back, got {shown}")


@check("behaviour")
@pytest.mark.parametrize("gpu", list(GPUS))
def test_to_cpu_moves_every_tensor_to_the_cpu(attempt, gpu):
    move = GPUS[gpu]
    for obj in (move(randn(3, 2, seed=9)), nested(move)):
        expected = frozen(obj)
        expect_matching(call(attempt.to_cpu, obj), expected)


@check("shape", points=2)
def test_to_cpu_keeps_the_structure(attempt):
    for obj in (nested(), [(), []], ({},), {"a": ([1, 2], (3,))}, [], {}, ()):
        expected = frozen(obj)
        expect_matching(call(attempt.to_cpu, obj), expected)


@check("dtype")
@pytest.mark.parametrize("gpu", list(GPUS))
def test_to_cpu_keeps_dtypes_and_values(attempt, gpu):
    tensors = [randn(3, 5, seed=10), randn(4, seed=11).double(), randn(2, seed=12).half(), randn(3, seed=13) > 0]
    tensors.append((randn(5, seed=14) * 100).to(torch.int64))
    out = call(attempt.to_cpu, [GPUS[gpu](t) for t in tensors])
    what = f"to_cpu(list of {len(tensors)} tensors on {gpu})"
    assert_type(out, list, what)
    expect(len(out) == len(tensors), f"{what}: expected {len(tensors)} items, got {len(out)}")
    for i, (got, t) in enumerate(zip(out, tensors, strict=True)):
        assert_close(got, t, EXACT, f"to_cpu(obj)[{i}]", causes={THROUGH_FLOAT32: t.float})


@check("behaviour")
def test_to_cpu_leaves_non_tensors_as_they_are(attempt):
    for value in (7, 2.5, "text", None, np.arange(4), Opaque(), b"raw"):
        expect_same_object(call(attempt.to_cpu, value), value, f"to_cpu({value!r})")
    obj = nested(on_fake_gpu)
    expected = frozen(obj)
    out = call(attempt.to_cpu, obj)
    assert_type(out, dict, "to_cpu(dict)")
    expect_matching(out.get("meta"), expected["meta"], "['meta']")


@check("behaviour")
def test_to_cpu_returns_new_lists_and_dicts(attempt):
    """The result never shares a list or dict with the input, even an empty one: changing it would change the input."""
    for obj in (nested(on_fake_gpu), [], {}, {"a": [], "b": {}}):
        out = call(attempt.to_cpu, obj)
        results = dict(walk(out))
        for path, node in walk(obj):
            if isinstance(node, (list, dict)) and results.get(path) is node:
                kind, shown = type(node).__name__, "" if node else f" {node!r}"
                expect(
                    False,
                    f"to_cpu(obj){path} is the caller's own {kind}{shown}: return a new {kind} (otherwise changing "
                    "the result changes the input)",
                )


@check("behaviour")
def test_to_cpu_does_not_modify_the_input(attempt):
    obj = nested(on_fake_gpu)
    before = list(walk(obj))
    call(attempt.to_cpu, obj)
    after = list(walk(obj))
    for (path, node), (path_after, node_after) in zip(before, after, strict=False):
        expect(
            path == path_after and node is node_after,
            f"to_cpu modified the caller's structure at obj{path}: build new containers instead",
        )
    expect(len(before) == len(after), "to_cpu modified the caller's structure: a container changed length")


@check("behaviour", points=2)
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_to_cpu_round_trip_from_real_cuda(attempt):
    obj = nested(lambda t: t.cuda())
    expected = frozen(obj, leaf=lambda t: t.cpu())  # copied before the attempt runs: comparing needs no GPU
    # A busy GPU: a copy that does not wait for the device (non_blocking=True and no synchronize) returns
    # host memory that the copy has not filled yet.
    torch.cuda._sleep(100_000_000)
    expect_matching(call(attempt.to_cpu, obj), expected)
    for path, node in walk(obj):
        if isinstance(node, torch.Tensor):
            expect(node.is_cuda, f"to_cpu moved the caller's own tensor at obj{path} off the GPU")
