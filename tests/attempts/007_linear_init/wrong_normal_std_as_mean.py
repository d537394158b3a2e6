"""Wrong: `nn.init.normal_(w, 0.02)` passes 0.02 as the mean, leaving std 1 for "normal_002"."""
# fails: weight_std_matches_theory, weight_std_uses_the_right_fans
# cause: `nn.init.normal_(w, 0.02)` sets the mean to 0.02 (the second argument is the mean): pass std=0.02

import torch
from torch import nn


def make_linear(
    in_features: int, out_features: int, init: str = "xavier_uniform", bias_value: float = 0.0, seed: int | None = None
) -> nn.Linear:
    if init not in ("xavier_uniform", "kaiming_normal", "normal_002"):
        raise ValueError(f"unknown init {init!r}")
    if seed is not None:
        torch.manual_seed(seed)
    layer = nn.Linear(in_features, out_features)
    if init == "xavier_uniform":
        nn.init.xavier_uniform_(layer.weight)
    elif init == "kaiming_normal":
        nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
    else:
        nn.init.normal_(layer.weight, 0.02)
    nn.init.constant_(layer.bias, bias_value)
    return layer
