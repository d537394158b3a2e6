"""Wrong: `.float().cpu()` moves the tensors but turns int64, bool, float16 and float64 into float32."""
# fails: to_cpu_keeps_dtypes_and_values
# cause: the tensors went through float32 (`.float()`): `.cpu()` alone keeps the dtype

import torch


def pick_device(prefer: str = "cuda") -> torch.device:
    if prefer not in ("cuda", "mps", "cpu"):
        raise ValueError(f"unknown device kind {prefer!r}")
    if prefer == "mps" and torch.backends.mps.is_available():
        return torch.device("mps")
    if prefer != "cpu" and torch.cuda.is_available():
        return torch.device("cuda")
    if prefer != "cpu" and torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def to_cpu(obj):
    if isinstance(obj, torch.Tensor):
        return obj.float().cpu()
    if isinstance(obj, dict):
        return {k: to_cpu(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(to_cpu(v) for v in obj)
    return obj
