"""Wrong: dividing by max(n - 1, 1) "to avoid a division by zero" gives std 0 for one row, where torch gives NaN."""
# fails: one_row_gives_a_nan_unbiased_std
# cause: with one row, unbiased=True divides by n - 1 = 0: the std is NaN (as torch.std), not 0

import torch


def column_stats(x: torch.Tensor, unbiased: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    if not x.is_floating_point():
        x = x.float()
    n = x.shape[0]
    mean = x.mean(dim=0)
    var = ((x - mean) ** 2).sum(dim=0) / max(n - int(unbiased), 1)
    return mean, var.sqrt()
