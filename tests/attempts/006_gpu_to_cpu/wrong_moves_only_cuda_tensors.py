"""Wrong: only tensors with `is_cuda` are moved, so a tensor on an Apple GPU (mps) stays where it was."""
# fails: to_cpu_moves_every_tensor_to_the_cpu, to_cpu_keeps_dtypes_and_values

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


def to_cpu(obj):
    if isinstance(obj, torch.Tensor):
        return obj.cpu() if obj.is_cuda else obj
    if isinstance(obj, dict):
        return {key: to_cpu(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(to_cpu(value) for value in obj)
    return obj
