"""A simulated GPU on any machine: availability probes that report a chosen machine, and CPU tensors that
report device cuda:0.

    simulate_devices(monkeypatch, cuda=True, mps=False)  # torch.cuda.is_available() -> True, and so on
    x = on_fake_gpu(randn(3, 4))                         # x.device == cuda:0, x.is_cuda, x.numpy() raises
    y = x.cpu()                                          # a plain CPU tensor again (so is plain(x))

`OnFakeGPU` behaves like a CUDA tensor where the attempt can tell: `.cpu()`, `.to("cpu")` and
`device="cpu"` give plain CPU tensors, `.cuda()` and `.to("cuda")` keep it "on the GPU", other ops too;
`copy.deepcopy`, `copy.copy`, pickling and `torch.save`/`torch.load(weights_only=True)` keep it there.
What the simulation cannot do raises `SimulationLimit` with a message that says so: creating real CUDA
tensors (or asking the CUDA runtime) while `simulate_devices(cuda=True)` pretends on a machine without a GPU.
Not simulated: `torch.as_tensor` / `torch.asarray` (they never consult a tensor subclass, so
`torch.as_tensor(x, device="cpu")` returns `x` itself), `torch.vmap` outputs (plain CPU tensors), and
mixing devices (a fake-GPU tensor plus a CPU tensor works here where CUDA would raise).
"""

from __future__ import annotations

import pytest
import torch

from grader.checks.errors import SimulationLimit

_CUDA0 = torch.device("cuda", 0)
_REAL_CUDA = torch.cuda.is_available()
_parse_to = torch._C._nn._parse_to
_convert = torch._tensor._convert
_Disabled = torch._C.DisableTorchFunctionSubclass


def simulate_devices(monkeypatch: pytest.MonkeyPatch, cuda: bool, mps: bool) -> None:
    """Make every usual availability probe (torch.cuda, torch.backends.mps, torch.mps, torch.accelerator)
    report a machine with these devices; `monkeypatch` undoes it at teardown.

    Without a real GPU, simulating CUDA simulates its probes (`current_device()` is 0, `get_device_name()`
    "simulated GPU"); what needs the CUDA runtime (`torch.zeros(2, device="cuda")`, `torch.cuda.synchronize()`)
    raises `SimulationLimit`.
    """
    monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: int(cuda))
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: mps)
    monkeypatch.setattr(torch.backends.mps, "is_built", lambda: mps)
    monkeypatch.setattr(torch.mps, "device_count", lambda: int(mps))
    accelerator = torch.device("cuda") if cuda else torch.device("mps") if mps else None
    monkeypatch.setattr(torch.accelerator, "is_available", lambda: accelerator is not None)
    monkeypatch.setattr(torch.accelerator, "current_accelerator", lambda check_available=False: accelerator)
    monkeypatch.setattr(torch.accelerator, "device_count", lambda: int(accelerator is not None))
    if cuda and not _REAL_CUDA:
        monkeypatch.setattr(torch.cuda, "current_device", lambda: 0)
        monkeypatch.setattr(torch.cuda, "get_device_name", lambda device=None: "simulated GPU")
        monkeypatch.setattr(torch.cuda, "_lazy_init", _no_real_cuda)


def _no_real_cuda() -> None:
    raise SimulationLimit(
        "your code used the CUDA runtime (a tensor created on cuda, or torch.cuda state queried), but this "
        "machine has no GPU: the grader simulates only CUDA's availability here, so this call cannot run "
        "(a limit of the simulation, not an error in your code; tensors the grader gives you report cuda:0)"
    )


class OnFakeGPU(torch.Tensor):
    """A CPU tensor that reports device cuda:0 and refuses `.numpy()` (but not `.numpy(force=True)`), as a
    CUDA tensor does, until it is moved to the CPU (`.cpu()`, `.to("cpu")`, `device="cpu"`), which returns a
    plain tensor."""

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if func == torch.Tensor.device.__get__:
            return _CUDA0
        if func == torch.Tensor.is_cuda.__get__:
            return True
        if func == torch.Tensor.is_cpu.__get__:
            return False
        if func is torch.Tensor.get_device:
            return 0
        if func is torch.Tensor.numpy:
            if kwargs.get("force") or (len(args) > 1 and args[1]):  # numpy(force=True) copies to the CPU first
                with _Disabled():
                    return torch.Tensor.numpy(plain(args[0]).detach())
            raise TypeError("can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() first.")
        if func is torch.Tensor.cuda:
            return args[0]
        if func is torch.Tensor.__deepcopy__:
            return _deepcopy(args[0], args[1])
        if func is torch.Tensor.__reduce_ex__:
            return _rebuild_on_fake_gpu, (plain(args[0]),)
        target = _target(func, args, kwargs)
        with _Disabled():
            if target == "cuda":  # already "there": compute on the CPU, stay on the fake GPU
                if func is torch.Tensor.to:
                    _, dtype, non_blocking, memory_format = _parse_to(*args[1:], **kwargs)
                    out = torch.Tensor.to(
                        args[0], dtype=dtype or args[0].dtype, non_blocking=non_blocking,
                        copy=bool(kwargs.get("copy", False)), memory_format=memory_format or torch.preserve_format,
                    )  # fmt: skip
                else:
                    out = func(*args, **{**kwargs, "device": "cpu"})
                return _convert(out, cls)
            out = func(*args, **kwargs)
            if target == "cpu":
                return plain(out)
        return _convert(out, cls)


def _target(func: object, args: tuple, kwargs: dict) -> str | None:
    """Where `func` moves its result: "cpu", "cuda", or None (it stays where its inputs are)."""
    if func is torch.Tensor.cpu:
        return "cpu"
    if func is torch.Tensor.to:
        if len(args) > 1 and isinstance(args[1], OnFakeGPU):
            return "cuda"
        with _Disabled():
            device = _parse_to(*args[1:], **kwargs)[0]
    else:
        device = kwargs.get("device")
    return None if device is None else torch.device(device).type


def _deepcopy(tensor: OnFakeGPU, memo: dict) -> OnFakeGPU:
    if id(tensor) in memo:
        return memo[id(tensor)]
    with _Disabled():
        if not tensor.is_leaf:
            raise RuntimeError(
                "Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol "
                "at the moment."
            )  # what torch says for a real CUDA tensor too
        source, requires_grad = torch.Tensor.detach(tensor), tensor.requires_grad
    memo.setdefault(id(memo), []).append(source)  # keeps `source` alive: its id stays unique in memo
    copied = torch.Tensor.__deepcopy__(source, memo).as_subclass(OnFakeGPU).requires_grad_(requires_grad)
    memo[id(tensor)] = copied
    return copied


def _rebuild_on_fake_gpu(tensor: torch.Tensor) -> OnFakeGPU:
    return tensor.as_subclass(OnFakeGPU)


torch.serialization.add_safe_globals([_rebuild_on_fake_gpu, OnFakeGPU])


def on_fake_gpu(tensor: torch.Tensor) -> OnFakeGPU:
    """The same data, now reporting device cuda:0; a leaf that requires grad gives a new leaf (as `.cuda()`
    would), so gradients accumulate on the fake-GPU tensor, not on `tensor`."""
    if tensor.is_leaf and tensor.requires_grad:
        return tensor.detach().as_subclass(OnFakeGPU).requires_grad_()
    return tensor.as_subclass(OnFakeGPU)


def plain(tensor: torch.Tensor) -> torch.Tensor:
    """The same data as a plain torch.Tensor (on the CPU), whatever subclass it was."""
    with _Disabled():
        return tensor if type(tensor) is torch.Tensor else tensor.as_subclass(torch.Tensor)
