"""Wrong: `torch.cuda.current_device()` is the index of a GPU (an int), not a `torch.device`."""
# fails: pick_device_falls_back_cuda_mps_cpu, pick_device_finds_real_cuda

import torch


def pick_device(prefer: str = "cuda") -> torch.device:
    if prefer not in ("cuda", "mps", "cpu"):
        raise ValueError(f"unknown device kind {prefer!r}")
    for kind in (prefer, "cuda", "mps"):
        if kind == "cuda" and torch.cuda.is_available():
            return torch.cuda.current_device()
        if kind == "mps" and torch.backends.mps.is_available():
            return torch.device("mps")
        if kind == "cpu":
            break
    return torch.device("cpu")


def to_cpu(obj):
    if isinstance(obj, torch.Tensor):
        return obj.cpu()
    if isinstance(obj, dict):
        return {key: to_cpu(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(to_cpu(value) for value in obj)
    return obj
