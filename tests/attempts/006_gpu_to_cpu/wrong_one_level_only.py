"""Wrong: only the top level is walked, so tensors nested deeper stay on the GPU."""
# fails: to_cpu_moves_every_tensor_to_the_cpu

import torch


def pick_device(prefer: str = "cuda") -> torch.device:
    if prefer not in ("cuda", "mps", "cpu"):
        raise ValueError(f"unknown device kind {prefer!r}")
    for kind in (prefer, "cuda", "mps"):
        if (kind == "cuda" and torch.cuda.is_available()) or (kind == "mps" and torch.backends.mps.is_available()):
            return torch.device(kind)
        if kind == "cpu":
            break
    return torch.device("cpu")


def _move(value):
    return value.cpu() if isinstance(value, torch.Tensor) else value


def to_cpu(obj):
    if isinstance(obj, dict):
        return {k: _move(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(_move(v) for v in obj)
    return _move(obj)
