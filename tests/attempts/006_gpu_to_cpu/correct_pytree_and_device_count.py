"""Correct, written differently: a table of probes for pick_device, torch.utils._pytree.tree_map for to_cpu."""

import torch
from torch.utils import _pytree as pytree

KINDS = ("cuda", "mps", "cpu")


def pick_device(prefer: str = "cuda") -> torch.device:
    if prefer not in KINDS:
        raise ValueError(f"prefer: expected one of {KINDS}, got {prefer!r}")
    usable = {
        "cuda": torch.cuda.device_count() > 0,
        "mps": torch.backends.mps.is_built() and torch.backends.mps.is_available(),
        "cpu": True,
    }
    for kind in (prefer, *KINDS):
        if usable[kind]:
            return torch.device(kind)
    raise AssertionError("unreachable: cpu is always usable")


def to_cpu(obj):
    return pytree.tree_map(lambda leaf: leaf.to("cpu") if isinstance(leaf, torch.Tensor) else leaf, obj)
