"""Wrong: contrast blends with the constant 0.5 instead of the image's mean."""
# fails: color_jitter_contrast_blends_with_the_image_mean

from collections.abc import Callable, Sequence

import torch

Pair = tuple[torch.Tensor, torch.Tensor]


class Compose:
    def __init__(self, transforms: Sequence[Callable[[torch.Tensor, torch.Tensor], Pair]]) -> None:
        self.transforms = list(transforms)

    def __call__(self, image: torch.Tensor, mask: torch.Tensor) -> Pair:
        for t in self.transforms:
            image, mask = t(image, mask)
        return image, mask


class RandomHorizontalFlip:
    def __init__(self, p: float = 0.5, generator: torch.Generator | None = None) -> None:
        self.p = p
        self.generator = generator

    def __call__(self, image: torch.Tensor, mask: torch.Tensor) -> Pair:
        if torch.rand((), generator=self.generator).item() < self.p:
            return image.flip(-1), mask.flip(-1)
        return image, mask


class RandomRotate90:
    def __init__(self, generator: torch.Generator | None = None) -> None:
        self.generator = generator

    def __call__(self, image: torch.Tensor, mask: torch.Tensor) -> Pair:
        k = int(torch.randint(0, 4, (), generator=self.generator))
        return torch.rot90(image, k, dims=(-2, -1)), torch.rot90(mask, k, dims=(-2, -1))


def _uniform(lo: float, hi: float, generator: torch.Generator | None) -> float:
    return lo + (hi - lo) * torch.rand((), generator=generator).item()


class ColorJitter:
    def __init__(
        self, brightness: float = 0.0, contrast: float = 0.0, generator: torch.Generator | None = None
    ) -> None:
        self.brightness = brightness
        self.contrast = contrast
        self.generator = generator

    def __call__(self, image: torch.Tensor, mask: torch.Tensor) -> Pair:
        out = image
        if self.brightness > 0:
            b = _uniform(max(0.0, 1 - self.brightness), 1 + self.brightness, self.generator)
            out = out * b
        if self.contrast > 0:
            c = _uniform(max(0.0, 1 - self.contrast), 1 + self.contrast, self.generator)
            m = torch.tensor(0.5)
            out = m + c * (out - m)
        return out.clamp(0, 1).to(torch.float32), mask
