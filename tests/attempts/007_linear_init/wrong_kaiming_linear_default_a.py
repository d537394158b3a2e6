"""Wrong: copying nn.Linear's own reset (a=sqrt(5)) gives std sqrt(1 / (3 * fan_in)), 0.41x the Kaiming std."""
# fails: weight_std_matches_theory, weight_std_uses_the_right_fans
# cause: the std of nn.Linear's own default init, 1 / sqrt(3 * fan_in) (Kaiming with a=sqrt(5), or no re-initialisation)

import math

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
        nn.init.kaiming_normal_(layer.weight, a=math.sqrt(5))
    else:
        nn.init.normal_(layer.weight, mean=0.0, std=0.02)
    nn.init.constant_(layer.bias, bias_value)
    return layer
