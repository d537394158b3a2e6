"""Wrong: sums over dim=1, the channels only for a (B, 3, H, W) batch, not for (3, H, W) or (B1, B2, 3, H, W)."""
# fails: output_shapes, batch_dims_match_reference

import torch


def to_grayscale(images: torch.Tensor) -> torch.Tensor:
    x = images if images.is_floating_point() else images.float()
    shape = [1] * x.dim()
    shape[1] = 3
    weights = torch.tensor([0.299, 0.587, 0.114], dtype=x.dtype).view(shape)
    gray = (x * weights).sum(dim=1, keepdim=True)
    return gray if images.is_floating_point() else gray.round().to(torch.uint8)
