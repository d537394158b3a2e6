"""Wrong: `kaiming_uniform_` has the Kaiming std but draws uniformly, where "kaiming_normal" is asked for."""
# fails: weight_distribution_matches_the_init
# cause: the values are uniformly distributed (kaiming_uniform_?), not normal

import torch
from torch import nn

INITS = {
    "xavier_uniform": lambda w, g: nn.init.xavier_uniform_(w, generator=g),
    "kaiming_normal": lambda w, g: nn.init.kaiming_uniform_(w, nonlinearity="relu", generator=g),
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
        layer.bias.fill_(bias_value)
    return layer
