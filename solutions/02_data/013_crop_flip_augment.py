"""Question 13 - Random crop and horizontal flip (reference)."""

import torch
import torch.nn.functional as F


def random_crop(
    img: torch.Tensor, size: int, padding: int = 0, generator: torch.Generator | None = None
) -> torch.Tensor:
    batched = img.dim() == 4
    x = F.pad(img if batched else img.unsqueeze(0), (padding, padding, padding, padding))  # (B, C, H + 2p, W + 2p)
    B, _, H, W = x.shape
    if size > H or size > W:
        raise ValueError(f"crop size {size} is larger than the padded image ({H}, {W})")
    top = torch.randint(0, H - size + 1, (B,), generator=generator)  # one offset pair per sample
    left = torch.randint(0, W - size + 1, (B,), generator=generator)
    crops = torch.stack([x[i, :, top[i] : top[i] + size, left[i] : left[i] + size] for i in range(B)])
    return crops if batched else crops[0]  # (B, C, size, size) or (C, size, size)


def random_hflip(img: torch.Tensor, p: float = 0.5, generator: torch.Generator | None = None) -> torch.Tensor:
    batched = img.dim() == 4
    x = img if batched else img.unsqueeze(0)  # (B, C, H, W)
    flip = torch.rand(x.shape[0], generator=generator) < p  # (B,): p=0 never, p=1 always
    out = torch.where(flip[:, None, None, None], x.flip(-1), x)
    return out if batched else out[0]
