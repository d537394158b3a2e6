"""Question 7 - Initialising an nn.Linear layer (reference)."""

import torch
from torch import nn

INITS = {
    "xavier_uniform": lambda w, g: nn.init.xavier_uniform_(w, gain=1.0, generator=g),
    "kaiming_normal": lambda w, g: nn.init.kaiming_normal_(w, mode="fan_in", nonlinearity="relu", generator=g),
    "normal_002": lambda w, g: nn.init.normal_(w, mean=0.0, std=0.02, generator=g),
}


def make_linear(
    in_features: int,
    out_features: int,
    init: str = "xavier_uniform",
    bias_value: float = 0.0,
    seed: int | None = None,
) -> nn.Linear:
    if init not in INITS:
        raise ValueError(f"unknown init {init!r}; choose one of {sorted(INITS)}")
    # A private generator: reproducible with a seed without resetting the caller's global RNG.
    generator = torch.Generator().manual_seed(seed) if seed is not None else None
    layer = nn.Linear(in_features, out_features)
    with torch.no_grad():
        INITS[init](layer.weight, generator)
        nn.init.constant_(layer.bias, bias_value)
    return layer
