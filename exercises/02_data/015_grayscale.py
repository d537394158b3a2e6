"""Question 15 - RGB to grayscale (BT.601).

Convert a batch of RGB images (any number of leading dims, channels at dim -3) to one-channel grayscale
with the ITU-R BT.601 luma weights: gray = 0.299 R + 0.587 G + 0.114 B. uint8 images stay uint8 (the
weighted sum rounded to the nearest integer); floating images keep their dtype and are not rescaled.

    >>> rgb = torch.tensor([255, 0, 0, 0, 255, 0], dtype=torch.uint8).view(2, 3, 1, 1)  # red, green
    >>> to_grayscale(rgb).flatten()
    tensor([ 76, 150], dtype=torch.uint8)
    >>> to_grayscale(torch.rand(8, 3, 32, 24)).shape
    torch.Size([8, 1, 32, 24])

What the grader checks:
- shapes: (3, H, W) -> (1, H, W), (B, 3, H, W) -> (B, 1, H, W) and more leading dims (..., 3, H, W) ->
  (..., 1, H, W), with B = 1, H != W, and leading dims that are themselves 3;
- float32 values vs the reference (BT.601 weights exactly, R G B order), for images in [0, 1] and for
  normalised images with negative values (no clamping, no rescaling);
- uint8 input gives uint8 output, the weighted sum rounded to nearest (not truncated, no overflow),
  compared exactly; at an exact .5 tie either neighbour is accepted;
- float64 and float16 input keep their dtype; float64 is computed in float64 (compared to 1e-12);
- non-contiguous input works (a channels-last tensor permuted to (B, 3, H, W), a strided slice, transposed
  leading dims);
- the input is not modified.
"""

import torch


def to_grayscale(images: torch.Tensor) -> torch.Tensor:
    """(..., 3, H, W) RGB images -> (..., 1, H, W) grayscale, same dtype as `images`."""
    # TODO
    raise NotImplementedError
