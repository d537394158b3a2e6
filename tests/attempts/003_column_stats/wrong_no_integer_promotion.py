"""Wrong: mean() and std() refuse integer tensors, which must be converted to float first."""
# fails: integer_input_is_promoted_to_float32

import torch


def column_stats(x: torch.Tensor, unbiased: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    return x.mean(dim=0), x.std(dim=0, unbiased=unbiased)
