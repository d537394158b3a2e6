"""Question 13 - Random crop and horizontal flip.

Write the two classic image augmentations without torchvision: `random_crop` zero-pads the image by
`padding` pixels on every side and cuts out a random `size` x `size` window, and `random_hflip` mirrors the
image left to right with probability `p`. Both take one image (C, H, W) or a batch (B, C, H, W), where every
sample gets its own random offset or flip decision.

    >>> g = torch.Generator().manual_seed(0)
    >>> batch = torch.rand(8, 3, 32, 32)
    >>> random_crop(batch, 32, padding=4, generator=g).shape   # a different window per image
    torch.Size([8, 3, 32, 32])
    >>> random_hflip(batch[0], p=1.0).equal(batch[0].flip(-1))
    True

What the grader checks:
- output shapes: (C, size, size) for (C, H, W), (B, C, size, size) for (B, C, H, W), with H != W and B = 1;
  `random_hflip` keeps the shape; both keep the dtype (float32, float64, uint8);
- each crop is exactly a `size` x `size` window of the input zero-padded by `padding` on all four sides;
- every crop offset is reachable: the window's top-left corner takes every value in
  [0, H + 2 * padding - size] x [0, W + 2 * padding - size], both ends included, over repeated calls and
  within one batch (independent offsets per sample);
- size == H + 2 * padding == W + 2 * padding returns the padded image; a size larger than the padded image
  in either direction raises ValueError;
- each flipped output is exactly the input mirrored along W (dim -1) or the input unchanged; p=0 never
  flips, p=1 always flips, and p=0.3 flips about 30% of a large batch, each sample decided independently;
- all randomness comes from `generator` when one is given: the same generator seed gives the same result
  (even with the global RNG reseeded in between), another seed a different one; with `generator=None`
  the global torch RNG is used (`torch.manual_seed` reproduces, consecutive calls differ);
- the input is not modified;
- forbidden import: torchvision.
"""

import torch


def random_crop(
    img: torch.Tensor, size: int, padding: int = 0, generator: torch.Generator | None = None
) -> torch.Tensor:
    """(C, H, W) -> (C, size, size) or (B, C, H, W) -> (B, C, size, size): a random window of the zero-padded image."""
    # TODO
    raise NotImplementedError


def random_hflip(img: torch.Tensor, p: float = 0.5, generator: torch.Generator | None = None) -> torch.Tensor:
    """(C, H, W) or (B, C, H, W) -> same shape, each image mirrored along W with probability p."""
    # TODO
    raise NotImplementedError
