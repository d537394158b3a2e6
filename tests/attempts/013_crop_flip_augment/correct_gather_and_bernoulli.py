"""Correct, written differently: crops by advanced indexing with per-sample row and column grids, flips with
index_select and a torch.bernoulli mask."""

import torch


def random_crop(img, size, padding=0, generator=None):
    x = img if img.dim() == 4 else img[None]
    B, C, H, W = x.shape
    Hp, Wp = H + 2 * padding, W + 2 * padding
    if size > Hp or size > Wp:
        raise ValueError(f"size {size} does not fit in {Hp}x{Wp}")
    padded = x.new_zeros(B, C, Hp, Wp)
    padded[:, :, padding : padding + H, padding : padding + W] = x
    top = torch.randint(Hp - size + 1, (B, 1), generator=generator)
    left = torch.randint(Wp - size + 1, (B, 1), generator=generator)
    rows = (top + torch.arange(size))[:, None, :, None]  # (B, 1, size, 1)
    cols = (left + torch.arange(size))[:, None, None, :]  # (B, 1, 1, size)
    out = padded[torch.arange(B)[:, None, None, None], torch.arange(C)[None, :, None, None], rows, cols]
    return out if img.dim() == 4 else out[0]


def random_hflip(img, p=0.5, generator=None):
    x = img if img.dim() == 4 else img[None]
    mask = torch.bernoulli(torch.full((x.shape[0],), float(p)), generator=generator).bool()
    mirrored = x.index_select(-1, torch.arange(x.shape[-1] - 1, -1, -1))
    out = x.clone()
    out[mask] = mirrored[mask]
    return out if img.dim() == 4 else out[0]
