"""Wrong: `x.var(...)` is the variance; the standard deviation is its square root."""
# fails: unbiased_stats_match_reference, biased_stats_match_reference
# cause: you returned the variance: the std is its square root

import torch


def column_stats(x: torch.Tensor, unbiased: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    if not x.is_floating_point():
        x = x.float()
    return x.mean(dim=0), x.var(dim=0, correction=int(unbiased))
