"""Wrong: `.to(torch.uint8)` on the float weighted sum truncates (149.685 becomes 149, not 150)."""
# fails: uint8_rounds_to_nearest
# cause: a plain .to(torch.uint8) truncates; round to nearest first

import torch


def to_grayscale(images: torch.Tensor) -> torch.Tensor:
    x = images.to(torch.promote_types(images.dtype, torch.float32))
    weights = torch.tensor([0.299, 0.587, 0.114], dtype=x.dtype).view(3, 1, 1)
    gray = (x * weights).sum(dim=-3, keepdim=True)
    return gray.to(images.dtype)
