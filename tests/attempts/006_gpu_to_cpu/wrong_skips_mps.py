"""Wrong: `cuda if available else cpu` never considers MPS (and ignores `prefer`)."""
# fails: pick_device_falls_back_cuda_mps_cpu, pick_device_honours_prefer

import torch


def pick_device(prefer: str = "cuda") -> torch.device:
    if prefer not in ("cuda", "mps", "cpu"):
        raise ValueError(f"unknown device kind {prefer!r}")
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def to_cpu(obj):
    if isinstance(obj, torch.Tensor):
        return obj.cpu()
    if isinstance(obj, dict):
        return {k: to_cpu(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(to_cpu(v) for v in obj)
    return obj
