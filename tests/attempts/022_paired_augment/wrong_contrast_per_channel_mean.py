"""Wrong: contrast blends each channel with its own mean, which shifts the colours."""
# fails: color_jitter_draws_its_factors_in_range

from collections.abc import Callable, Sequence

import torch

Pair = tuple[torch.Tensor, torch.Tensor]


def uniform(low: float, high: float, generator: torch.Generator | None) -> float:
    return low + (high - low) * torch.rand((), generator=generator).item()


class Compose:
    def __init__(self, transforms: Sequence[Callable[[torch.Tensor, torch.Tensor], Pair]]) -> None:
        self.transforms = list(transforms)

    def __call__(self, image: torch.Tensor, mask: torch.Tensor) -> Pair:
        for transform in self.transforms:
            image, mask = transform(image, mask)
        return image, mask


class RandomHorizontalFlip:
    def __init__(self, p: float = 0.5, generator: torch.Generator | None = None) -> None:
        self.p, self.generator = p, generator

    def __call__(self, image: torch.Tensor, mask: torch.Tensor) -> Pair:
        if torch.rand((), generator=self.generator).item() < self.p:  # one draw for both
            return image.flip(-1), mask.flip(-1)
        return image, mask


class RandomRotate90:
    def __init__(self, generator: torch.Generator | None = None) -> None:
        self.generator = generator

    def __call__(self, image: torch.Tensor, mask: torch.Tensor) -> Pair:
        k = int(torch.randint(4, (), generator=self.generator))
        return image.rot90(k, dims=(-2, -1)), mask.rot90(k, dims=(-2, -1))  # (C, W, H), (W, H) for odd k


class ColorJitter:
    def __init__(
        self, brightness: float = 0.0, contrast: float = 0.0, generator: torch.Generator | None = None
    ) -> None:
        self.brightness, self.contrast, self.generator = brightness, contrast, generator

    def __call__(self, image: torch.Tensor, mask: torch.Tensor) -> Pair:
        if self.brightness > 0:
            factor = uniform(max(0.0, 1 - self.brightness), 1 + self.brightness, self.generator)
            image = (image * factor).clamp(0, 1)
        if self.contrast > 0:
            factor = uniform(max(0.0, 1 - self.contrast), 1 + self.contrast, self.generator)
            mean = image.mean(dim=(-2, -1), keepdim=True)  # (C, 1, 1)
            image = (mean + factor * (image - mean)).clamp(0, 1)
        return image, mask  # photometric: the mask is untouched
