"""Wrong: `torch.backends.mps.is_built()` says torch was compiled with MPS support, not that the machine has one."""
# fails: pick_device_asks_availability_not_the_build

import torch


def pick_device(prefer: str = "cuda") -> torch.device:
    if prefer not in ("cuda", "mps", "cpu"):
        raise ValueError(f"unknown device kind {prefer!r}")
    usable = {"cuda": torch.cuda.is_available(), "mps": torch.backends.mps.is_built(), "cpu": True}
    return torch.device(next(kind for kind in (prefer, "cuda", "mps", "cpu") if usable[kind]))


def to_cpu(obj):
    if isinstance(obj, torch.Tensor):
        return obj.cpu()
    if isinstance(obj, dict):
        return {key: to_cpu(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(to_cpu(value) for value in obj)
    return obj
