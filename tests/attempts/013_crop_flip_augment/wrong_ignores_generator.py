"""Wrong: draws from the global RNG, ignoring `generator`, so a seeded generator does not reproduce."""
# fails: same_generator_seed_same_result

import torch
import torch.nn.functional as F


def random_crop(img, size, padding=0, generator=None):
    batched = img.dim() == 4
    x = F.pad(img if batched else img.unsqueeze(0), (padding, padding, padding, padding))
    B, _, H, W = x.shape
    if size > H or size > W:
        raise ValueError("crop larger than the padded image")
    top = torch.randint(
        0,
        H - size + 1,
        (B,),
    )
    left = torch.randint(
        0,
        W - size + 1,
        (B,),
    )
    crops = torch.stack([x[i, :, top[i] : top[i] + size, left[i] : left[i] + size] for i in range(B)])
    return crops if batched else crops[0]


def random_hflip(img, p=0.5, generator=None):
    batched = img.dim() == 4
    x = img if batched else img.unsqueeze(0)
    flip = (
        torch.rand(
            x.shape[0],
        )
        < p
    )
    out = torch.where(flip[:, None, None, None], x.flip(-1), x)
    return out if batched else out[0]
