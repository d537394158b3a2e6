"""Correct, written differently: flips by a reversed index, turns by transpose + flip (clockwise), contrast first
on the grayscale mean, one clamp at the end."""

import torch


class Compose:
    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, image, mask):
        out = (image, mask)
        for t in self.transforms:
            out = t(*out)
        return out


def _hflip(x):
    idx = torch.arange(x.shape[-1] - 1, -1, -1)
    return x.index_select(-1, idx)


def _rot_cw(x):  # one clockwise quarter turn in the last two dims
    return x.transpose(-2, -1).flip(-1)


class RandomHorizontalFlip:
    def __init__(self, p=0.5, generator=None):
        self.p, self.g = p, generator

    def __call__(self, image, mask):
        if bool(torch.bernoulli(torch.tensor(float(self.p)), generator=self.g)):
            return _hflip(image), _hflip(mask)
        return image, mask


class RandomRotate90:
    def __init__(self, generator=None):
        self.g = generator

    def __call__(self, image, mask):
        k = int(torch.multinomial(torch.ones(4), 1, generator=self.g))
        for _ in range(k):
            image, mask = _rot_cw(image), _rot_cw(mask)
        return image.contiguous(), mask.contiguous()


class ColorJitter:
    def __init__(self, brightness=0.0, contrast=0.0, generator=None):
        self.b, self.c, self.g = brightness, contrast, generator

    def _draw(self, amount):
        return torch.empty(()).uniform_(max(0.0, 1 - amount), 1 + amount, generator=self.g)

    def __call__(self, image, mask):
        out = image.clone()
        if self.c:
            c = self._draw(self.c)
            w = torch.tensor([0.299, 0.587, 0.114]).view(3, 1, 1)
            mean = (out * w).sum(0).mean() if out.shape[0] == 3 else out.mean()
            out = mean + c * (out - mean)
        if self.b:
            out = out * self._draw(self.b)
        return out.clamp(0.0, 1.0).to(torch.float32), mask
