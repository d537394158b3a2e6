"""Wrong: the one-pass formula (E[x^2] - E[x]^2) loses all precision in float32 when |mean| >> std."""
# fails: unbiased_stats_match_reference, biased_stats_match_reference
# cause: the one-pass formula E[x^2] - E[x]^2 cancels in float32 when |mean| >> std: subtract the mean first

import torch


def column_stats(x: torch.Tensor, unbiased: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    if not x.is_floating_point():
        x = x.float()
    n = x.shape[0]
    mean = x.mean(dim=0)
    var = ((x * x).sum(dim=0) - n * mean * mean) / (n - 1 if unbiased else n)
    return mean, var.clamp_min(0).sqrt()
