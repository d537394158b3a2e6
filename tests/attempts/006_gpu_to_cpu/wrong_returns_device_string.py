"""Wrong: returns the device name as a string, not a torch.device, and accepts any `prefer` silently."""
# fails: pick_device_falls_back_cuda_mps_cpu, pick_device_rejects_an_unknown_prefer

import torch


def pick_device(prefer: str = "cuda") -> torch.device:
    available = {"cuda": torch.cuda.is_available(), "mps": torch.backends.mps.is_available(), "cpu": True}
    if available.get(prefer):
        return prefer
    return next(kind for kind in ("cuda", "mps", "cpu") if available[kind])


def to_cpu(obj):
    if isinstance(obj, torch.Tensor):
        return obj.cpu()
    if isinstance(obj, dict):
        return {k: to_cpu(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(to_cpu(v) for v in obj)
    return obj
