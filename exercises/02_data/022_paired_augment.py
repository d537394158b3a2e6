"""Question 22 - Paired image and mask augmentation.

For segmentation, every augmentation must treat the image and its mask together: write torchvision-style
transforms on tensors, each called as `t(image, mask) -> (image, mask)` with the image float32 (C, H, W) in
[0, 1] and the mask integer (H, W) class ids (int64 or uint8): geometric ones (a random horizontal flip, a
random quarter turn) move image and mask together, photometric ones (brightness and contrast jitter) change
only the image, and `Compose` chains them.

    >>> g = torch.Generator().manual_seed(0)
    >>> augment = Compose([RandomHorizontalFlip(p=0.5, generator=g), RandomRotate90(generator=g),
    ...                    ColorJitter(brightness=0.2, contrast=0.2, generator=g)])
    >>> image, mask = augment(torch.rand(3, 32, 48), torch.randint(0, 5, (32, 48)))
    >>> image.shape, mask.shape          # a quarter turn swaps H and W
    (torch.Size([3, 48, 32]), torch.Size([48, 32]))

What the grader checks:
- `RandomHorizontalFlip(p)`: image and mask both mirrored along W (dim -1), or both unchanged; p=0 never
  flips, p=1 always does, p=0.3 and p=0.8 flip about that share of many calls, each call deciding anew;
- `RandomRotate90()`: image and mask both turned by the same k quarter turns in the (H, W) plane
  (`torch.rot90` with dims=(-2, -1), k in {0, 1, 2, 3}, each about equally often; turning the other way
  gives the same four results and is accepted); on non-square input an odd k swaps H and W;
- `ColorJitter(brightness, contrast)`: the mask comes back unchanged (values and dtype); brightness scales
  the whole image by one factor drawn uniformly from [max(0, 1 - brightness), 1 + brightness] (brightness
  may exceed 1), contrast blends it with one mean value of the image, `mean + c * (image - mean)`, with c
  drawn the same way from `contrast` (new factors on every call, the two drawn independently; 0 disables
  each); the mean is that of all the values of the image contrast gets (after brightness when that comes
  first) or of its grayscale (0.299 R + 0.587 G + 0.114 B), checked on dark, bright and tinted images;
  the result is clamped to [0, 1] (after each step or once at the end; the two steps in either order);
- geometric transforms keep the mask's values and dtype (no float conversion, no interpolation), every
  transform keeps the image float32;
- `Compose(transforms)` applies any callables `(image, mask) -> (image, mask)` in the order given
  (`Compose([])` changes nothing);
- a full pipeline on a PNG image and a palette-PNG mask (class ids and the 255 "ignore" label) keeps them
  aligned, whichever flip and turn were drawn;
- each transform takes `generator=None` in its constructor and draws all its randomness from it: two
  transforms built with generators of the same seed give the same results (even with the global RNG
  reseeded in between), another seed different ones; with `generator=None` the global torch RNG is used
  (`torch.manual_seed` reproduces);
- the inputs are not modified;
- forbidden import: torchvision.
"""

from collections.abc import Callable, Sequence

import torch

Pair = tuple[torch.Tensor, torch.Tensor]


class Compose:
    def __init__(self, transforms: Sequence[Callable[[torch.Tensor, torch.Tensor], Pair]]) -> None:
        # TODO
        raise NotImplementedError

    def __call__(self, image: torch.Tensor, mask: torch.Tensor) -> Pair:
        # TODO
        raise NotImplementedError


class RandomHorizontalFlip:
    def __init__(self, p: float = 0.5, generator: torch.Generator | None = None) -> None:
        # TODO
        raise NotImplementedError

    def __call__(self, image: torch.Tensor, mask: torch.Tensor) -> Pair:
        """image (C, H, W), mask (H, W) -> both mirrored along W with probability p."""
        # TODO
        raise NotImplementedError


class RandomRotate90:
    def __init__(self, generator: torch.Generator | None = None) -> None:
        # TODO
        raise NotImplementedError

    def __call__(self, image: torch.Tensor, mask: torch.Tensor) -> Pair:
        """image (C, H, W), mask (H, W) -> both turned by the same random k quarter turns."""
        # TODO
        raise NotImplementedError


class ColorJitter:
    def __init__(
        self, brightness: float = 0.0, contrast: float = 0.0, generator: torch.Generator | None = None
    ) -> None:
        # TODO
        raise NotImplementedError

    def __call__(self, image: torch.Tensor, mask: torch.Tensor) -> Pair:
        """image (C, H, W) -> jittered image in [0, 1]; the mask is returned unchanged."""
        # TODO
        raise NotImplementedError
