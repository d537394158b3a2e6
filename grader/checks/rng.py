"""Seeded inputs that do not depend on the global RNG, and a way to disturb the global RNG."""

from __future__ import annotations

import os
import random

import numpy as np
import torch


def generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def randn(*shape: int, seed: int = 0, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """Standard normal values from their own generator: the same for the same seed, whatever ran before."""
    return torch.randn(shape, generator=generator(seed), dtype=dtype)


def scramble_global_rng() -> None:
    """Put torch, NumPy and `random` in a fresh random state, so that only an explicit seed reproduces."""
    seed = int.from_bytes(os.urandom(4), "little")
    torch.manual_seed(seed)
    np.random.seed(seed)
    random.seed(seed)
