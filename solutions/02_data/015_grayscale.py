"""Question 15 - RGB to grayscale (BT.601) (reference)."""

import torch

BT601 = (0.299, 0.587, 0.114)  # R, G, B luma weights


def to_grayscale(images: torch.Tensor) -> torch.Tensor:
    compute = images.dtype if images.is_floating_point() else torch.float32
    weights = torch.tensor(BT601, dtype=compute).view(3, 1, 1)  # (3, 1, 1), broadcasts over (..., 3, H, W)
    gray = (images.to(compute) * weights).sum(dim=-3, keepdim=True)  # (..., 1, H, W)
    if images.is_floating_point():
        return gray
    return gray.round().clamp(0, 255).to(images.dtype)  # a bare .to(uint8) would truncate
