"""Wrong: `x -= mean` centres the caller's tensor in place, changing the input."""
# fails: unbiased_stats_match_reference, biased_stats_match_reference

import torch


def column_stats(x: torch.Tensor, unbiased: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    if not x.is_floating_point():
        x = x.float()
    mean = x.mean(dim=0)
    x -= mean
    var = (x**2).sum(dim=0) / (x.shape[0] - int(unbiased))
    return mean, var.sqrt()
