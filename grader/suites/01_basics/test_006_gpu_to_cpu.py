"""Grader for question 6: pick_device follows availability at call time; to_cpu moves nested tensors."""

import numpy as np
import pytest
import torch

from grader.checks import (
    EXACT,
    assert_close,
    assert_tensor,
    assert_type,
    check,
    describe,
    expect,
    on_fake_gpu,
    plain,
    randn,
    simulate_devices,
)

# --- simulated machines ------------------------------------------------------------------------------
# simulate_devices patches the availability probes with `monkeypatch`, which undoes them at teardown.

MACHINES = {"cuda+mps": (True, True), "cuda": (True, False), "mps": (False, True), "cpu-only": (False, False)}


def picked(attempt, monkeypatch, machine: str, *prefer: str) -> str:
    simulate_devices(monkeypatch, *MACHINES[machine])
    call = f"pick_device({', '.join(map(repr, prefer))}) on a {machine} machine"
    device = attempt.pick_device(*prefer)
    assert_type(device, torch.device, call)
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
def test_pick_device_rejects_an_unknown_prefer(attempt, monkeypatch):
    simulate_devices(monkeypatch, cuda=True, mps=True)
    for prefer in ("tpu", "gpu"):
        try:
            got = attempt.pick_device(prefer)
        except ValueError:
            continue
        expect(False, f"pick_device({prefer!r}): expected ValueError, got {got!r}")


@check("behaviour")
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_pick_device_finds_real_cuda(attempt):
    got = attempt.pick_device()
    assert_type(got, torch.device, "pick_device() on this CUDA machine")
    expect(got.type == "cuda", f"pick_device() on this CUDA machine: expected cuda, got {got}")


# --- tensors that report a GPU device (on_fake_gpu), nested ---------------------------------------------


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


def frozen(obj: object) -> object:
    """A copy of the containers of `obj` holding the very same leaves: what the input looked like."""
    if isinstance(obj, dict):
        return {key: frozen(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(frozen(value) for value in obj)
    return obj


def expect_matching(out: object, original: object, path: str = "") -> None:
    """`out` mirrors `original`: same container types, keys and lengths; tensors equal and on the CPU;
    every other value the very same object."""
    where = f"to_cpu(obj){path}"
    if isinstance(original, torch.Tensor):
        assert_tensor(out, where)
        expect(out.device.type == "cpu", f"{where}: expected a tensor on the cpu, got one on {out.device}")
        assert_close(plain(out), plain(original).cpu(), EXACT, where)
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
        expect(out is original, f"{where}: expected the same object {original!r} back, got {describe(out)} {out!r}")


@check("behaviour", points=2)
def test_to_cpu_moves_every_tensor_to_the_cpu(attempt):
    for obj in (on_fake_gpu(randn(3, 2, seed=9)), nested(on_fake_gpu)):
        expected = frozen(obj)
        expect_matching(attempt.to_cpu(obj), expected)


@check("shape", points=2)
def test_to_cpu_keeps_the_structure(attempt):
    for obj in (nested(), [(), []], ({},), {"a": ([1, 2], (3,))}):
        expected = frozen(obj)
        expect_matching(attempt.to_cpu(obj), expected)


@check("dtype")
def test_to_cpu_keeps_dtypes_and_values(attempt):
    tensors = [randn(3, 5, seed=10), randn(4, seed=11).double(), randn(2, seed=12).half(), randn(3, seed=13) > 0]
    tensors.append((randn(5, seed=14) * 100).to(torch.int64))
    out = attempt.to_cpu([on_fake_gpu(t) for t in tensors])
    assert_type(out, list, "to_cpu(list of tensors)")
    expect(
        len(out) == len(tensors),
        f"to_cpu(list of {len(tensors)} tensors): expected {len(tensors)} items, got {len(out)}",
    )
    for i, (got, t) in enumerate(zip(out, tensors, strict=True)):
        assert_close(got, t, EXACT, f"to_cpu(obj)[{i}]")


@check("behaviour")
def test_to_cpu_leaves_non_tensors_as_they_are(attempt):
    for value in (7, 2.5, "text", None, np.arange(4), Opaque(), b"raw"):
        got = attempt.to_cpu(value)
        expect(got is value, f"to_cpu({value!r}): expected the same object back, got {describe(got)} {got!r}")
    obj = nested(on_fake_gpu)
    expected = frozen(obj)
    out = attempt.to_cpu(obj)
    assert_type(out, dict, "to_cpu(dict)")
    expect_matching(out.get("meta"), expected["meta"], "['meta']")


@check("behaviour")
def test_to_cpu_does_not_modify_the_input(attempt):
    obj = nested(on_fake_gpu)
    before = list(walk(obj))
    attempt.to_cpu(obj)
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
    expected = frozen(obj)
    expect_matching(attempt.to_cpu(obj), expected)
    for path, node in walk(obj):
        if isinstance(node, torch.Tensor):
            expect(node.is_cuda, f"to_cpu moved the caller's own tensor at obj{path} off the GPU")
