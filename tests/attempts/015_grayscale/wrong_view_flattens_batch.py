"""Wrong: `.view(-1, 3, H, W)` to flatten the leading dims fails on non-contiguous input."""
# fails: non_contiguous_input

import torch


def to_grayscale(images: torch.Tensor) -> torch.Tensor:
    *lead, _, h, w = images.shape
    flat = images.view(-1, 3, h, w)  # (N, 3, H, W)
    x = flat if flat.is_floating_point() else flat.float()
    gray = 0.299 * x[:, 0] + 0.587 * x[:, 1] + 0.114 * x[:, 2]  # (N, H, W)
    if not images.is_floating_point():
        gray = gray.round().to(torch.uint8)
    return gray.view(*lead, 1, h, w)
