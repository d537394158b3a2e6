"""Wrong: `img.flip(2)` is W for a (C, H, W) image but H for a (B, C, H, W) batch."""
# fails: flip_is_exact_mirror, flip_p0_and_p1

import torch
import torch.nn.functional as F


def random_crop(img, size, padding=0, generator=None):
    batched = img.dim() == 4
    x = F.pad(img if batched else img.unsqueeze(0), (padding, padding, padding, padding))
    B, _, H, W = x.shape
    if size > H or size > W:
        raise ValueError("crop larger than the padded image")
    top = torch.randint(0, H - size + 1, (B,), generator=generator)
    left = torch.randint(0, W - size + 1, (B,), generator=generator)
    crops = torch.stack([x[i, :, top[i] : top[i] + size, left[i] : left[i] + size] for i in range(B)])
    return crops if batched else crops[0]


def random_hflip(img, p=0.5, generator=None):
    if img.dim() == 3:
        return img.flip(2) if torch.rand(1, generator=generator).item() < p else img.clone()
    flip = torch.rand(img.shape[0], generator=generator) < p
    return torch.where(flip[:, None, None, None], img.flip(2), img)
