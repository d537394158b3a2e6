"""Wrong: torch.std_mean returns (std, mean), so the two results come back swapped."""
# fails: unbiased_stats_match_reference, biased_stats_match_reference
# cause: mean and std are swapped (torch.std_mean and torch.var_mean return the std or variance first)

import torch


def column_stats(x: torch.Tensor, unbiased: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    if not x.is_floating_point():
        x = x.float()
    return torch.std_mean(x, dim=0, correction=int(unbiased))
