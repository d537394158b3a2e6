"""Wrong: a shortcut returns an empty list or dict itself, so the result shares it with the caller's input."""
# fails: to_cpu_returns_new_lists_and_dicts

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
    if isinstance(obj, (dict, list, tuple)) and not obj:
        return obj  # "nothing to move"
    if isinstance(obj, torch.Tensor):
        return obj.cpu()
    if isinstance(obj, dict):
        return {key: to_cpu(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(to_cpu(value) for value in obj)
    return obj
