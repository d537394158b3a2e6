"""Wrong: the weights are listed blue first (as for OpenCV's BGR images), so red gets 0.114."""
# fails: float_matches_reference, batch_dims_match_reference, uint8_rounds_to_nearest
# cause: the weights are applied in B, G, R order (0.299 belongs to red, channel 0)

import torch


def to_grayscale(images: torch.Tensor) -> torch.Tensor:
    x = images if images.is_floating_point() else images.float()
    weights = torch.tensor([0.114, 0.587, 0.299], dtype=x.dtype).view(3, 1, 1)
    gray = (x * weights).sum(dim=-3, keepdim=True)
    return gray if images.is_floating_point() else gray.round().to(torch.uint8)
