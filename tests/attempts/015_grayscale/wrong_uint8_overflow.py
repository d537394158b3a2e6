"""Wrong: the integer formula (299 R + 587 G + 114 B + 500) // 1000 computed in uint8 wraps around at 256."""
# fails: uint8_rounds_to_nearest
# cause: uint8 arithmetic overflows (it wraps around at 256); compute in float or a wider integer type

import torch


def to_grayscale(images: torch.Tensor) -> torch.Tensor:
    r, g, b = images.split(1, dim=-3)
    if images.is_floating_point():
        return 0.299 * r + 0.587 * g + 0.114 * b
    return (299 * r + 587 * g + 114 * b + 500) // 1000
