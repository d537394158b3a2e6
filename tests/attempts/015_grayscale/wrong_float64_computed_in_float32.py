"""Wrong: float64 images are multiplied with float32 weights in float32, then cast back to float64."""
# fails: float_dtype_is_kept
# cause: the float64 images were computed in float32: keep their dtype for the weights and the sum

import torch


def to_grayscale(images):
    weights = torch.tensor([0.299, 0.587, 0.114]).view(3, 1, 1)
    gray = (images.float() * weights).sum(dim=-3, keepdim=True)
    if images.dtype == torch.uint8:
        return gray.round().clamp(0, 255).to(torch.uint8)
    return gray.to(images.dtype)
