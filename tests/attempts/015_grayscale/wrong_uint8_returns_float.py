"""Wrong: uint8 images come back as float32 (rounded, but never cast back to uint8)."""
# fails: uint8_input_gives_uint8, uint8_rounds_to_nearest

import torch


def to_grayscale(images: torch.Tensor) -> torch.Tensor:
    x = images.float() if not images.is_floating_point() else images
    weights = torch.tensor([0.299, 0.587, 0.114], dtype=x.dtype).view(3, 1, 1)
    gray = (x * weights).sum(dim=-3, keepdim=True)
    return gray if images.is_floating_point() else gray.round()
