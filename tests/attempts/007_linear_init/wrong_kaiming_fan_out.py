"""Wrong: kaiming_normal_ with mode="fan_out" scales by out_features instead of in_features."""
# fails: weight_std_uses_the_right_fans
# cause: std = sqrt(2 / fan_out): mode="fan_out", or the fan read from the weight's first dimension

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
        nn.init.kaiming_normal_(layer.weight, mode="fan_out", nonlinearity="relu")
    else:
        nn.init.normal_(layer.weight, mean=0.0, std=0.02)
    nn.init.constant_(layer.bias, bias_value)
    return layer
