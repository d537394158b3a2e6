"""Wrong: the contrast mean of a BT.709 grayscale (0.2126, 0.7152, 0.0722), not BT.601."""
# fails: color_jitter_contrast_blends_with_the_image_mean

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
        if self.brightness > 0:
            image = (image * self._factor(self.brightness)).clamp(0, 1)
        if self.contrast > 0:
            c = self._factor(self.contrast)
            mean = (0.2126 * image[0] + 0.7152 * image[1] + 0.0722 * image[2]).mean()
            image = (mean + c * (image - mean)).clamp(0, 1)
        return image, mask
