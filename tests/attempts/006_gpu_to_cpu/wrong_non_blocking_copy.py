"""Wrong: `.to("cpu", non_blocking=True)` without a synchronize hands back host memory the copy may not have filled."""
# fails: to_cpu_round_trip_from_real_cuda

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
        return obj.to("cpu", non_blocking=True)
    if isinstance(obj, dict):
        return {key: to_cpu(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(to_cpu(value) for value in obj)
    return obj
