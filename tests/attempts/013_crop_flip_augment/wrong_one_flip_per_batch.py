"""Wrong: one flip decision for the whole batch instead of one per sample."""
# fails: flip_decisions_are_per_sample, flip_probability

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
    if torch.rand(1, generator=generator).item() < p:
        return img.flip(-1)
    return img.clone()
