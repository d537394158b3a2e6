"""Correct, written differently: exact integer arithmetic for uint8 (round half up), einsum for floats."""

import torch


def to_grayscale(images: torch.Tensor) -> torch.Tensor:
    if images.dtype == torch.uint8:
        weights = torch.tensor([299, 587, 114], dtype=torch.int32)
        luma = torch.einsum("...chw,c->...hw", images.to(torch.int32), weights)
        return ((luma + 500) // 1000).to(torch.uint8).unsqueeze(-3)
    weights = torch.tensor([0.299, 0.587, 0.114], dtype=images.dtype)
    return torch.einsum("...chw,c->...hw", images, weights).unsqueeze(-3)
