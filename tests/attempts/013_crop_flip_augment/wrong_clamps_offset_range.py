"""Wrong: a crop larger than the padded image is not refused: the offset range is clamped at 0."""
# fails: crop_larger_than_padded_input_raises

import torch
import torch.nn.functional as F


def random_crop(img, size, padding=0, generator=None):
    batched = img.dim() == 4
    x = F.pad(img if batched else img.unsqueeze(0), (padding, padding, padding, padding))
    B, _, H, W = x.shape
    top = torch.randint(0, max(H - size, 0) + 1, (B,), generator=generator)
    left = torch.randint(0, max(W - size, 0) + 1, (B,), generator=generator)
    crops = torch.stack([x[i, :, top[i] : top[i] + size, left[i] : left[i] + size] for i in range(B)])
    return crops if batched else crops[0]


def random_hflip(img, p=0.5, generator=None):
    batched = img.dim() == 4
    x = img if batched else img.unsqueeze(0)
    flip = torch.rand(x.shape[0], generator=generator) < p
    out = torch.where(flip[:, None, None, None], x.flip(-1), x)
    return out if batched else out[0]
