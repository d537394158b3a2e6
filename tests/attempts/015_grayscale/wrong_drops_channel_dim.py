"""Wrong: the channel dim is reduced away, giving (..., H, W) instead of (..., 1, H, W)."""
# fails: output_shapes, float_matches_reference, batch_dims_match_reference, uint8_rounds_to_nearest

import torch


def to_grayscale(images: torch.Tensor) -> torch.Tensor:
    x = images if images.is_floating_point() else images.float()
    weights = torch.tensor([0.299, 0.587, 0.114], dtype=x.dtype).view(3, 1, 1)
    gray = (x * weights).sum(dim=-3)
    return gray if images.is_floating_point() else gray.round().to(torch.uint8)
