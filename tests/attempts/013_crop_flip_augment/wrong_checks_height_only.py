"""Wrong: checks only the padded height against `size`: a window wider than the padded width is not refused."""
# fails: crop_larger_than_padded_input_raises

import torch
import torch.nn.functional as F


def random_crop(img, size, padding=0, generator=None):
    single = img.dim() == 3
    x = img.unsqueeze(0) if single else img
    B, _, H, W = x.shape
    Hp, Wp = H + 2 * padding, W + 2 * padding
    if size > Hp:
        raise ValueError(f"crop size {size} larger than padded image {Hp}x{Wp}")
    if padding > 0:
        x = F.pad(x, (padding, padding, padding, padding), mode="constant", value=0)
    tops = torch.randint(0, Hp - size + 1, (B,), generator=generator)
    lefts = torch.randint(0, Wp - size + 1, (B,), generator=generator)
    out = torch.stack(
        [
            x[b, :, t : t + size, l : l + size]
            for b, (t, l) in enumerate(zip(tops.tolist(), lefts.tolist(), strict=True))
        ]
    )
    return out[0] if single else out


def random_hflip(img, p=0.5, generator=None):
    single = img.dim() == 3
    x = img.unsqueeze(0) if single else img
    flip = torch.rand(x.shape[0], generator=generator) < p
    out = torch.where(flip.view(-1, 1, 1, 1), x.flip(-1), x)
    return out[0] if single else out
