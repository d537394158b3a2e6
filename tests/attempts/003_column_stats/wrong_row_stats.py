"""Wrong: reducing over dim=1 gives the statistics of each row, shape (n,), not of each column."""
# fails: output_shapes, unbiased_stats_match_reference

import torch


def column_stats(x: torch.Tensor, unbiased: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    if not x.is_floating_point():
        x = x.float()
    return x.mean(dim=1), x.std(dim=1, unbiased=unbiased)
