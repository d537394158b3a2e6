"""Wrong: float results are clamped to [0, 1], which breaks normalised images with negative values."""
# fails: float_matches_reference
# cause: the result is clamped to [0, 1]; float images are returned as computed

import torch


def to_grayscale(images: torch.Tensor) -> torch.Tensor:
    x = images if images.is_floating_point() else images.float()
    weights = torch.tensor([0.299, 0.587, 0.114], dtype=x.dtype).view(3, 1, 1)
    gray = (x * weights).sum(dim=-3, keepdim=True)
    if images.is_floating_point():
        return gray.clamp(0, 1)
    return gray.round().clamp(0, 255).to(torch.uint8)
