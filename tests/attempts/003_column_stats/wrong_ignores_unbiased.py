"""Wrong: `unbiased` is ignored, so the std always divides by n - 1 (torch.std's default)."""
# fails: biased_stats_match_reference
# cause: unbiased=False was ignored: the std divided by n - 1 (torch.std's default); use correction=0

import torch


def column_stats(x: torch.Tensor, unbiased: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    if not x.is_floating_point():
        x = x.float()
    return x.mean(dim=0), x.std(dim=0)
