"""Question 6 - Device choice and moving to CPU.

Pick the best available device for a preferred kind, and move every tensor inside a nested structure of
dicts, lists and tuples (a batch, a checkpoint, model outputs) back to the CPU, keeping the structure.

    >>> pick_device()                              # on a machine without CUDA or MPS
    device(type='cpu')
    >>> batch = {"x": torch.ones(3, device="cuda"), "meta": ("id-7", [torch.zeros(1, device="cuda")])}
    >>> to_cpu(batch)
    {'x': tensor([1., 1., 1.]), 'meta': ('id-7', [tensor([0.])])}

What the grader checks:
- `pick_device` returns a `torch.device`: with the default `prefer="cuda"` it is cuda when CUDA is
  available, else mps when MPS is available, else cpu (only the device type is compared: cuda and
  cuda:0 both count as cuda);
- `prefer` ("cuda", "mps" or "cpu") is tried first when it is available (`prefer="cpu"` always gives cpu),
  then the order above; any other `prefer` raises `ValueError`, other spellings ("CUDA", "gpu") included;
- availability is asked at call time: the grader simulates machines with and without CUDA and MPS by
  patching `torch.cuda.is_available()` and `torch.backends.mps.is_available()` (and, consistently with them,
  `torch.cuda.device_count()`, `torch.mps.device_count()` and `torch.accelerator`), so `pick_device` must not
  create tensors; on some machines torch is built with CUDA and MPS support but the device is missing
  (`torch.backends.mps.is_built()` is True, `is_available()` False): that device is not available;
- `to_cpu` moves every tensor, however deeply nested, to the CPU with its dtype and values (the grader
  uses tensors that report a cuda device and tensors that report an mps device, and, where CUDA is present,
  real CUDA tensors whose values are read as soon as `to_cpu` returns); detaching them on the way is allowed;
- the structure is kept: dicts (same keys, same order), lists and tuples are rebuilt with the same type
  and length, so a tuple stays a tuple; empty containers and a bare tensor work too;
- lists and dicts in the result are new objects, never the caller's own, even when empty;
- everything that is not a tensor or a container (numbers, strings, bytes, None, NumPy arrays, other objects)
  comes back as the very same object, not a copy;
- the input structure is not modified (its containers still hold the original tensors).
"""

import torch


def pick_device(prefer: str = "cuda") -> torch.device:
    """The device to use: `prefer` when available, else cuda, mps, cpu in that order."""
    # TODO
    raise NotImplementedError


def to_cpu(obj):
    """A copy of `obj` with every tensor inside nested dicts/lists/tuples moved to the CPU."""
    # TODO
    raise NotImplementedError
