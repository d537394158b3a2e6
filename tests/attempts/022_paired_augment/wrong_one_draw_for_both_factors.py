"""Wrong: one uniform draw gives both the brightness and the contrast factor (they move together)."""
# fails: color_jitter_draws_its_factors_in_range

import torch


class Compose:
    def __init__(self, transforms):
        self.transforms = list(transforms)

    def __call__(self, image, mask):
        for t in self.transforms:
            image, mask = t(image, mask)
        return image, mask


class RandomHorizontalFlip:
    def __init__(self, p=0.5, generator=None):
        self.p = p
        self.generator = generator

    def __call__(self, image, mask):
        if torch.rand((), generator=self.generator).item() < self.p:
            image = image.flip(-1)
            mask = mask.flip(-1)
        return image, mask


class RandomRotate90:
    def __init__(self, generator=None):
        self.generator = generator

    def __call__(self, image, mask):
        k = int(torch.randint(0, 4, (), generator=self.generator))
        image = torch.rot90(image, k, dims=(-2, -1))
        mask = torch.rot90(mask, k, dims=(-2, -1))
        return image, mask


class ColorJitter:
    def __init__(self, brightness=0.0, contrast=0.0, generator=None):
        self.brightness = brightness
        self.contrast = contrast
        self.generator = generator

    def _factor(self, amount):
        lo, hi = max(0.0, 1.0 - amount), 1.0 + amount
        return lo + (hi - lo) * torch.rand((), generator=self.generator).item()

    def __call__(self, image, mask):
        u = torch.rand((), generator=self.generator).item()
        if self.brightness > 0:
            b = self.brightness
            image = (image * (max(0.0, 1 - b) + (1 + b - max(0.0, 1 - b)) * u)).clamp(0, 1)
        if self.contrast > 0:
            a = self.contrast
            c = max(0.0, 1 - a) + (1 + a - max(0.0, 1 - a)) * u
            mean = image.mean()
            image = (mean + c * (image - mean)).clamp(0, 1)
        return image, mask
