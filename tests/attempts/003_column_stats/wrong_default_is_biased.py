"""Wrong: the default `unbiased=False` gives the population std when the caller passes nothing."""
# fails: unbiased_stats_match_reference
# cause: you divided by n (the biased std, correction=0) where unbiased=True asks for n - 1

import torch


def column_stats(x: torch.Tensor, unbiased: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
    if not x.is_floating_point():
        x = x.float()
    return x.mean(dim=0), x.std(dim=0, correction=int(unbiased))
