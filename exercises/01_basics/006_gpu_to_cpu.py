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
  available, else mps when MPS is available, else cpu;
- `prefer` ("cuda", "mps" or "cpu") is tried first when it is available (`prefer="cpu"` always gives cpu),
  then the order above; any other `prefer` raises `ValueError`;
- availability is asked at call time: the grader simulates machines with and without CUDA and MPS by
  patching `torch.cuda.is_available()`, `torch.backends.mps.is_available()` (and `torch.cuda.device_count()`,
  `torch.backends.mps.is_built()`, `torch.accelerator`), so `pick_device` must not create tensors;
- `to_cpu` moves every tensor, however deeply nested, to the CPU with its dtype and values (the grader
  uses tensors that report a GPU device, and a real CUDA round trip where CUDA is present);
- the structure is kept: dicts (same keys, same order), lists and tuples are rebuilt with the same type
  and length, so a tuple stays a tuple; empty containers and a bare tensor work too;
- everything that is not a tensor or a container (numbers, strings, None, NumPy arrays, other objects)
  comes back as the very same object;
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
