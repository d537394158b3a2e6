"""Wrong: an unknown init silently falls through to Xavier instead of raising ValueError."""
# fails: unknown_init_raises_value_error

import torch
from torch import nn


def make_linear(
    in_features: int, out_features: int, init: str = "xavier_uniform", bias_value: float = 0.0, seed: int | None = None
) -> nn.Linear:
    if seed is not None:
        torch.manual_seed(seed)
    layer = nn.Linear(in_features, out_features)
    if init == "kaiming_normal":
        nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
    elif init == "normal_002":
        nn.init.normal_(layer.weight, mean=0.0, std=0.02)
    else:
        nn.init.xavier_uniform_(layer.weight)
    nn.init.constant_(layer.bias, bias_value)
    return layer
