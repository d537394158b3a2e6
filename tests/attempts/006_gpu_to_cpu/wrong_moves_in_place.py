"""Wrong: writing the moved tensors back into the caller's dicts and lists modifies the input."""
# fails: to_cpu_does_not_modify_the_input

import torch


def pick_device(prefer: str = "cuda") -> torch.device:
    if prefer not in ("cuda", "mps", "cpu"):
        raise ValueError(f"unknown device kind {prefer!r}")
    for kind in (prefer, "cuda", "mps", "cpu"):
        if kind == "cpu" or (torch.cuda.is_available() if kind == "cuda" else torch.backends.mps.is_available()):
            return torch.device(kind)


def to_cpu(obj):
    if isinstance(obj, torch.Tensor):
        return obj.cpu()
    if isinstance(obj, dict):
        for k, v in obj.items():
            obj[k] = to_cpu(v)
        return obj
    if isinstance(obj, list):
        for i, v in enumerate(obj):
            obj[i] = to_cpu(v)
        return obj
    if isinstance(obj, tuple):
        return tuple(to_cpu(v) for v in obj)
    return obj
