"""Wrong: xavier_normal_ has the Xavier std but a normal, not uniform, distribution."""
# fails: weight_distribution_matches_the_init
# cause: the values are normally distributed (xavier_normal_?), not uniform

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
        nn.init.xavier_normal_(layer.weight)
    elif init == "kaiming_normal":
        nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
    else:
        nn.init.normal_(layer.weight, mean=0.0, std=0.02)
    nn.init.constant_(layer.bias, bias_value)
    return layer
