"""Correct, written differently: functional helpers, `torch.empty().uniform_()` draws, `torch.flip` with dims,
`torch.rot90` by a drawn k, the contrast mean of the grayscale image (as torchvision does), and a Compose that
reduces over its transforms."""

from collections.abc import Callable, Sequence
from functools import reduce

import torch

Pair = tuple[torch.Tensor, torch.Tensor]
GRAY = torch.tensor([0.299, 0.587, 0.114])


def draw(low: float, high: float, generator: torch.Generator | None) -> float:
    return float(torch.empty(()).uniform_(low, high, generator=generator))


class Compose:
    def __init__(self, transforms: Sequence[Callable[[torch.Tensor, torch.Tensor], Pair]]) -> None:
        self.transforms = tuple(transforms)

    def __call__(self, image: torch.Tensor, mask: torch.Tensor) -> Pair:
        return reduce(lambda pair, t: t(*pair), self.transforms, (image, mask))


class RandomHorizontalFlip:
    def __init__(self, p: float = 0.5, generator: torch.Generator | None = None) -> None:
        self.p = p
        self.generator = generator

    def __call__(self, image: torch.Tensor, mask: torch.Tensor) -> Pair:
        flip = draw(0.0, 1.0, self.generator) < self.p
        return (torch.flip(image, dims=[2]), torch.flip(mask, dims=[1])) if flip else (image, mask)


class RandomRotate90:
    def __init__(self, generator: torch.Generator | None = None) -> None:
        self.generator = generator

    def __call__(self, image: torch.Tensor, mask: torch.Tensor) -> Pair:
        k = int(torch.randint(0, 4, (1,), generator=self.generator)[0])
        return torch.rot90(image, k, [1, 2]), torch.rot90(mask, k, [0, 1])


class ColorJitter:
    def __init__(
        self, brightness: float = 0.0, contrast: float = 0.0, generator: torch.Generator | None = None
    ) -> None:
        self.brightness = brightness
        self.contrast = contrast
        self.generator = generator

    def __call__(self, image: torch.Tensor, mask: torch.Tensor) -> Pair:
        out = image
        if self.brightness:
            out = torch.clamp(out * draw(max(0.0, 1 - self.brightness), 1 + self.brightness, self.generator), 0, 1)
        if self.contrast:
            c = draw(max(0.0, 1 - self.contrast), 1 + self.contrast, self.generator)
            gray = (out * GRAY[:, None, None]).sum(0) if out.shape[0] == 3 else out.mean(0)
            out = torch.clamp(c * out + (1 - c) * gray.mean(), 0, 1)
        return out, mask
