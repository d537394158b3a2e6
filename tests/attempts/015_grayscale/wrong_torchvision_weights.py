"""Wrong: 0.2989 for red (torchvision's rounded weight) instead of BT.601's 0.299."""
# fails: float_matches_reference, batch_dims_match_reference
# cause: 0.2989 is torchvision's rounded red weight; BT.601 is exactly 0.299

import torch


def to_grayscale(images: torch.Tensor) -> torch.Tensor:
    x = images if images.is_floating_point() else images.float()
    r, g, b = x.unbind(dim=-3)
    gray = (0.2989 * r + 0.587 * g + 0.114 * b).unsqueeze(-3)
    return gray if images.is_floating_point() else gray.round().clamp(0, 255).to(torch.uint8)
