"""Correct, written differently: global torch.manual_seed and the formulas drawn by hand, copied into the layer."""

import math

import torch
from torch import nn


def make_linear(
    in_features: int, out_features: int, init: str = "xavier_uniform", bias_value: float = 0.0, seed: int | None = None
) -> nn.Linear:
    shape = (out_features, in_features)
    if init == "xavier_uniform":
        bound = math.sqrt(6.0 / (in_features + out_features))
        draw = lambda: (torch.rand(shape) * 2 - 1) * bound  # noqa: E731
    elif init == "kaiming_normal":
        draw = lambda: torch.randn(shape) * math.sqrt(2.0 / in_features)  # noqa: E731
    elif init == "normal_002":
        draw = lambda: torch.randn(shape) * 0.02  # noqa: E731
    else:
        raise ValueError(f"init must be xavier_uniform, kaiming_normal or normal_002, not {init!r}")
    if seed is not None:
        torch.manual_seed(seed)
    layer = nn.Linear(in_features, out_features)
    layer.weight.data.copy_(draw())
    layer.bias.data.fill_(bias_value)
    return layer
