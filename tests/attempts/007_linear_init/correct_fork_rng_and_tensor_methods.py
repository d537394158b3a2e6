"""Correct, written differently: the stds by hand with in-place `uniform_` / `normal_`, and a seed applied inside
`torch.random.fork_rng`, so the caller's global RNG state is restored afterwards."""

import contextlib
import math

import torch
from torch import nn


def make_linear(
    in_features: int, out_features: int, init: str = "xavier_uniform", bias_value: float = 0.0, seed: int | None = None
) -> nn.Linear:
    stds = {
        "xavier_uniform": math.sqrt(2.0 / (in_features + out_features)),
        "kaiming_normal": math.sqrt(2.0 / in_features),
        "normal_002": 0.02,
    }
    if init not in stds:
        raise ValueError(f"init must be one of {sorted(stds)}, not {init!r}")
    layer = nn.Linear(in_features, out_features)
    seeded = torch.random.fork_rng(devices=[]) if seed is not None else contextlib.nullcontext()
    with seeded, torch.no_grad():
        if seed is not None:
            torch.manual_seed(seed)
        if init == "xavier_uniform":
            bound = math.sqrt(3.0) * stds[init]  # U(-a, a) has std a / sqrt(3)
            layer.weight.uniform_(-bound, bound)
        else:
            layer.weight.normal_(0.0, stds[init])
        layer.bias.fill_(bias_value)
    return layer
