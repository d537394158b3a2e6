"""Correct, written differently: one sample at a time, offsets drawn with .item(), F.pad per image and flip(-1)."""

import torch
import torch.nn.functional as F


def _crop_one(image, size, padding, generator):
    padded = F.pad(image, [padding] * 4, value=0)
    h, w = padded.shape[-2:]
    if size > min(h, w):
        raise ValueError("crop does not fit")
    top = torch.randint(0, h - size + 1, (), generator=generator).item()
    left = torch.randint(0, w - size + 1, (), generator=generator).item()
    return padded[:, top : top + size, left : left + size]


def random_crop(img, size, padding=0, generator=None):
    if img.dim() == 3:
        return _crop_one(img, size, padding, generator)
    return torch.stack([_crop_one(image, size, padding, generator) for image in img])


def random_hflip(img, p=0.5, generator=None):
    def one(image):
        return image.flip(-1) if torch.rand((), generator=generator).item() < p else image.clone()

    return one(img) if img.dim() == 3 else torch.stack([one(image) for image in img])
