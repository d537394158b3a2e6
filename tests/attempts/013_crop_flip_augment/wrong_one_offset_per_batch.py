"""Wrong: one random offset for the whole batch instead of one per sample."""
# fails: crop_offsets_are_per_sample

import torch
import torch.nn.functional as F


def random_crop(img, size, padding=0, generator=None):
    x = F.pad(img, (padding, padding, padding, padding))
    H, W = x.shape[-2:]
    if size > H or size > W:
        raise ValueError("crop larger than the padded image")
    top = int(torch.randint(0, H - size + 1, (1,), generator=generator))
    left = int(torch.randint(0, W - size + 1, (1,), generator=generator))
    return x[..., top : top + size, left : left + size]


def random_hflip(img, p=0.5, generator=None):
    batched = img.dim() == 4
    x = img if batched else img.unsqueeze(0)
    flip = torch.rand(x.shape[0], generator=generator) < p
    out = torch.where(flip[:, None, None, None], x.flip(-1), x)
    return out if batched else out[0]
