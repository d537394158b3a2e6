"""Wrong: averages the three channels with equal weights instead of the BT.601 luma weights."""
# fails: float_matches_reference, batch_dims_match_reference, uint8_rounds_to_nearest
# cause: the channels are averaged with equal weights instead of the BT.601 weights

import torch


def to_grayscale(images: torch.Tensor) -> torch.Tensor:
    if images.is_floating_point():
        return images.mean(dim=-3, keepdim=True)
    return images.float().mean(dim=-3, keepdim=True).round().to(torch.uint8)
