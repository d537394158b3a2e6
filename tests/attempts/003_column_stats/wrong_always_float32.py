"""Wrong: `x.float()` on every input also turns float64 data into float32, losing precision."""
# fails: float64_input_stays_float64

import torch


def column_stats(x: torch.Tensor, unbiased: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    x = x.float()
    return x.mean(dim=0), x.std(dim=0, correction=1 if unbiased else 0)
