"""Wrong: `keepdim=True` then `.squeeze()` drops the column dimension too when there is one column."""
# fails: output_shapes, unbiased_stats_match_reference, biased_stats_match_reference

import torch


def column_stats(x: torch.Tensor, unbiased: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    if not x.is_floating_point():
        x = x.float()
    mean = x.mean(dim=0, keepdim=True).squeeze()
    std = x.std(dim=0, keepdim=True, correction=int(unbiased)).squeeze()
    return mean, std
