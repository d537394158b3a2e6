"""Question 6 - Device choice and moving to CPU (reference)."""

import torch

ORDER = ("cuda", "mps", "cpu")


def _available(kind: str) -> bool:
    # Asked at call time, never cached at import: availability can change (and the grader patches it).
    if kind == "cuda":
        return torch.cuda.is_available()
    if kind == "mps":
        return torch.backends.mps.is_available()
    return True


def pick_device(prefer: str = "cuda") -> torch.device:
    if prefer not in ORDER:
        raise ValueError(f"prefer must be one of {ORDER}, got {prefer!r}")
    kind = next(k for k in (prefer, *ORDER) if _available(k))
    return torch.device(kind)


def to_cpu(obj):
    if isinstance(obj, torch.Tensor):
        return obj.cpu()
    if isinstance(obj, dict):
        return {key: to_cpu(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(to_cpu(value) for value in obj)
    return obj
