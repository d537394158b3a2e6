"""Correct, written differently: torch.var_mean in one call, promoting with torch.promote_types."""

import torch


def column_stats(x: torch.Tensor, unbiased: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    x = x.to(torch.promote_types(x.dtype, torch.float32))
    var, mean = torch.var_mean(x, dim=0, correction=int(unbiased))
    return mean, var.sqrt()
