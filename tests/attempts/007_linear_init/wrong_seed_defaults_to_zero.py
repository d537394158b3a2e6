"""Wrong: `torch.manual_seed(seed or 0)` reseeds even without a seed, so every unseeded layer is the same."""
# fails: without_seed_the_global_rng_is_used

import torch
from torch import nn


def make_linear(
    in_features: int, out_features: int, init: str = "xavier_uniform", bias_value: float = 0.0, seed: int | None = None
) -> nn.Linear:
    if init not in ("xavier_uniform", "kaiming_normal", "normal_002"):
        raise ValueError(f"unknown init {init!r}")
    torch.manual_seed(seed or 0)
    layer = nn.Linear(in_features, out_features)
    if init == "xavier_uniform":
        nn.init.xavier_uniform_(layer.weight)
    elif init == "kaiming_normal":
        nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
    else:
        nn.init.normal_(layer.weight, mean=0.0, std=0.02)
    nn.init.constant_(layer.bias, bias_value)
    return layer
