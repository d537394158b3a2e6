"""Wrong: `torch.full((out_features,), bias_value)` takes its dtype from the value: an int gives an int64 bias."""
# fails: bias_is_constant

import torch
from torch import nn

INITS = {
    "xavier_uniform": lambda w, g: nn.init.xavier_uniform_(w, generator=g),
    "kaiming_normal": lambda w, g: nn.init.kaiming_normal_(w, nonlinearity="relu", generator=g),
    "normal_002": lambda w, g: nn.init.normal_(w, std=0.02, generator=g),
}


def make_linear(
    in_features: int,
    out_features: int,
    init: str = "xavier_uniform",
    bias_value: float = 0.0,
    seed: int | None = None,
) -> nn.Linear:
    if init not in INITS:
        raise ValueError(f"unknown init {init!r}")
    generator = torch.Generator().manual_seed(seed) if seed is not None else None
    layer = nn.Linear(in_features, out_features)
    with torch.no_grad():
        INITS[init](layer.weight, generator)
    layer.bias.data = torch.full((out_features,), bias_value)
    return layer
