"""Grader for question 15: to_grayscale applies the BT.601 weights at dim -3, rounds uint8, keeps float dtypes."""

import pytest
import torch

from grader.checks import (
    ELEMENTWISE,
    EXACT,
    LOW_PRECISION,
    Tol,
    assert_close,
    assert_dtype,
    assert_shape,
    call_pure,
    check,
    describe_call,
    generator,
    randn,
)

# float64 in, float64 all the way: a float32 step (weights or sum) is ~1e-8 off, which FLOAT64 (1e-7) often misses.
IN_FLOAT64 = Tol(rtol=1e-12, atol=1e-12)
IN_FLOAT32 = "the float64 images were computed in float32: keep their dtype for the weights and the sum"
BT601 = (0.299, 0.587, 0.114)

# Leading dims: none, B = 1, an odd B, two of them; (2, 3, 3, ...) and (3, 3, ...) have a 3 before the channels.
LEADING = [(), (1,), (5,), (2, 4), (2, 3), (3,)]
SIZES = [(5, 7), (3, 6), (1, 1), (4, 9), (6, 5), (7, 3)]  # H != W, H = 3, one pixel


def name(images: torch.Tensor) -> str:
    return describe_call("to_grayscale", images=images)


def gray(attempt, images: torch.Tensor) -> torch.Tensor:
    return call_pure(attempt.to_grayscale, images, what=name(images))


def rgb_uint8(*shape: int, seed: int) -> torch.Tensor:
    return torch.randint(0, 256, shape, generator=generator(seed), dtype=torch.uint8)


def rgb_float(*shape: int, seed: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return torch.rand(shape, generator=generator(seed), dtype=dtype)


def weighted(
    images: torch.Tensor, weights: tuple[float, float, float], dtype: torch.dtype = torch.float64
) -> torch.Tensor:
    """The weighted channel sum in `dtype`, (..., 3, H, W) -> (..., 1, H, W)."""
    w = torch.tensor(weights, dtype=dtype).view(3, 1, 1)
    return (images.to(dtype) * w).sum(-3, keepdim=True)


def float_causes(images: torch.Tensor) -> dict:
    def variant(weights: tuple[float, float, float]):
        return lambda: weighted(images, weights).to(images.dtype)

    return {
        "the channels are averaged with equal weights instead of the BT.601 weights": variant((1 / 3, 1 / 3, 1 / 3)),
        "the weights are applied in B, G, R order (0.299 belongs to red, channel 0)": variant((0.114, 0.587, 0.299)),
        "0.2989 is torchvision's rounded red weight; BT.601 is exactly 0.299": variant((0.2989, 0.587, 0.114)),
        "the result is clamped to [0, 1]; float images are returned as computed": lambda: (
            weighted(images, BT601).clamp(0, 1).to(images.dtype)
        ),
    }


def luma_times_1000(images: torch.Tensor) -> torch.Tensor:
    """299 R + 587 G + 114 B as exact integers, (..., 1, H, W) int64: 1000 times the exact gray value."""
    r, g, b = images.long().unbind(-3)
    return (299 * r + 587 * g + 114 * b).unsqueeze(-3)


def settle(actual: object, preferred: torch.Tensor, alternative: torch.Tensor, either: torch.Tensor) -> torch.Tensor:
    """`preferred`, except where `either` holds and the attempt gave `alternative` there (both are accepted)."""
    if not isinstance(actual, torch.Tensor) or actual.shape != preferred.shape:
        return preferred.to(torch.uint8)
    return torch.where(either & (actual.long() == alternative), alternative, preferred).to(torch.uint8)


def rounded(actual: object, images: torch.Tensor) -> torch.Tensor:
    """The exact gray value rounded to nearest; at a tie (x.5) the attempt's rounding down is accepted too."""
    s = luma_times_1000(images)
    return settle(actual, (s + 500) // 1000, (s - 500) // 1000, s % 1000 == 500)


@check("shape")
def test_output_shapes(attempt):
    for i, (lead, (h, w)) in enumerate(zip(LEADING, SIZES, strict=True)):
        for images in (rgb_float(*lead, 3, h, w, seed=10 + i), rgb_uint8(*lead, 3, h, w, seed=20 + i)):
            assert_shape(gray(attempt, images), (*lead, 1, h, w), name(images))


@check("numerics", points=2)
def test_float_matches_reference(attempt, reference):
    cases = [rgb_float(3, 5, 7, seed=30), rgb_float(4, 3, 6, 5, seed=31), rgb_float(1, 3, 8, 3, seed=32)]
    cases += [randn(3, 4, 9, seed=33) * 1.5, randn(2, 3, 5, 6, seed=34) * 2 - 0.5]  # normalised: negative values
    for images in cases:
        assert_close(
            gray(attempt, images), reference.to_grayscale(images), ELEMENTWISE, name(images),
            causes=float_causes(images),
        )  # fmt: skip


@check("numerics")
def test_batch_dims_match_reference(attempt, reference):
    # A 3 in front of the channels: summing over dim 0 or 1 instead of -3 keeps the shape but not the values.
    for i, shape in enumerate([(2, 3, 3, 5, 4), (3, 3, 6, 5), (1, 1, 3, 4, 7), (3, 2, 3, 2, 3)]):
        images = rgb_float(*shape, seed=40 + i)
        assert_close(gray(attempt, images), reference.to_grayscale(images), ELEMENTWISE, name(images))


@check("numerics")
def test_non_contiguous_input(attempt, reference):
    channels_last = rgb_float(2, 6, 5, 3, seed=50).permute(0, 3, 1, 2)  # (2, 3, 6, 5), channels last in memory
    sliced = rgb_float(3, 3, 8, 10, seed=51)[:, :, ::2, 1::3]  # (3, 3, 4, 3)
    flipped = rgb_uint8(4, 3, 5, 7, seed=52).transpose(-1, -2)  # (4, 3, 7, 5)
    swapped = rgb_float(4, 2, 3, 5, 6, seed=53).transpose(0, 1)  # (2, 4, 3, 5, 6): leading dims that cannot merge
    for images in (channels_last, sliced, swapped):
        assert_close(gray(attempt, images), reference.to_grayscale(images), ELEMENTWISE, name(images))
    for images in (flipped, swapped.mul(255).to(torch.uint8)):
        out = gray(attempt, images)
        assert_close(out, rounded(out, images), EXACT, name(images))


@check("dtype")
def test_uint8_input_gives_uint8(attempt):
    for i, shape in enumerate([(3, 4, 5), (2, 3, 6, 7)]):
        images = rgb_uint8(*shape, seed=60 + i)
        assert_dtype(gray(attempt, images), torch.uint8, name(images))


@check("numerics", points=2)
def test_uint8_rounds_to_nearest(attempt):
    # black, white, red, green, blue, grays, and two exact ties (72.5 and 141.5)
    pixels = [[0, 0, 0], [255, 255, 255], [255, 0, 0], [0, 255, 0], [0, 0, 255], [1, 1, 1], [128, 64, 2]]
    pixels += [[1, 123, 0], [6, 238, 0]]
    corners = torch.tensor(pixels).T.reshape(1, 3, 1, len(pixels)).to(torch.uint8).contiguous()
    cases = [corners, rgb_uint8(3, 9, 11, seed=70), rgb_uint8(5, 3, 6, 4, seed=71), rgb_uint8(2, 2, 3, 16, 16, seed=72)]
    for images in cases:
        s = luma_times_1000(images)
        out = gray(attempt, images)
        # Truncation: where the exact value is an integer, float error may land just below it.
        truncated = settle(out, s // 1000, s // 1000 - 1, s % 1000 == 0)
        r, g, b = images.split(1, dim=-3)
        wrapped = (299 * r + 587 * g + 114 * b + 500) // 1000  # the integer formula, in uint8
        assert_close(out, rounded(out, images), EXACT, name(images), causes={
            "a plain .to(torch.uint8) truncates; round to nearest first": truncated,
            "uint8 arithmetic overflows (it wraps around at 256); compute in float or a wider integer type": wrapped,
        })  # fmt: skip


@check("dtype")
@pytest.mark.parametrize("dtype", [torch.float64, torch.float16], ids=["float64", "float16"])
def test_float_dtype_is_kept(attempt, reference, dtype):
    tol = IN_FLOAT64 if dtype == torch.float64 else LOW_PRECISION
    for i, shape in enumerate([(3, 5, 4), (2, 3, 7, 6)]):
        images = rgb_float(*shape, seed=80 + i, dtype=torch.float64).to(dtype)
        causes = {IN_FLOAT32: weighted(images, BT601, torch.float32).double()} if dtype == torch.float64 else None
        assert_close(gray(attempt, images), reference.to_grayscale(images), tol, name(images), causes=causes)
