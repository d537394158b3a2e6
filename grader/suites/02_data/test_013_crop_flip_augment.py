"""Grader for question 13: random_crop cuts exact windows of the zero-padded image at every reachable offset,
random_hflip mirrors along W with probability p, both per sample and from the given generator."""

import torch
import torch.nn.functional as F

from grader.checks import (
    EXACT,
    assert_close,
    assert_dtype,
    assert_shape,
    call,
    call_pure,
    check,
    describe_call,
    expect,
    expect_raises,
    generator,
    randn,
    scramble_global_rng,
)
from grader.checks.forbidden import forbid_import

forbid_import("torchvision")


def with_generator(call_text: str, g: torch.Generator | None) -> str:
    return call_text[:-1] + ", generator=a seeded torch.Generator)" if g is not None else call_text


def crop(attempt, img: torch.Tensor, size: int, padding: int = 0, g: torch.Generator | None = None) -> torch.Tensor:
    what = with_generator(describe_call("random_crop", img, size, padding=padding), g)
    out = call_pure(attempt.random_crop, img, size, padding=padding, generator=g, what=what)
    assert_shape(out, (*img.shape[:-2], size, size), what)
    return out


def flip(attempt, img: torch.Tensor, p: float = 0.5, g: torch.Generator | None = None) -> torch.Tensor:
    what = with_generator(describe_call("random_hflip", img, p=p), g)
    out = call_pure(attempt.random_hflip, img, p=p, generator=g, what=what)
    assert_shape(out, img.shape, what)
    return out


def offsets(out: torch.Tensor, img: torch.Tensor, size: int, padding: int, what: str) -> list[tuple[int, int]]:
    """The (top, left) corner of the window of the zero-padded `img` that each crop in `out` is, failing if none."""
    batch, crops = (img, out) if img.dim() == 4 else (img[None], out[None])
    padded = F.pad(batch, (padding, padding, padding, padding))  # (B, C, H + 2p, W + 2p)
    windows = padded.unfold(-2, size, 1).unfold(-2, size, 1)  # (B, C, tops, lefts, size, size)
    match = (windows == crops[:, :, None, None]).all(dim=5).all(dim=4).all(dim=1).flatten(1)  # (B, tops * lefts)
    if not bool(match.any(dim=1).all()):
        i = int((~match.any(dim=1)).nonzero()[0, 0])
        sample = f"crop {i} of the batch" if img.dim() == 4 else "the crop"
        expect(
            False,
            f"{what}: {sample} is not a {size}x{size} window of the input zero-padded by {padding} on every side "
            f"(values moved, mixed or padded with something other than 0)",
        )
    lefts = windows.shape[3]
    first = match.to(torch.uint8).argmax(dim=1)  # (B,): the first matching window
    return [(int(k) // lefts, int(k) % lefts) for k in first]


def all_offsets(img: torch.Tensor, size: int, padding: int) -> set[tuple[int, int]]:
    h, w = img.shape[-2] + 2 * padding, img.shape[-1] + 2 * padding
    return {(t, s) for t in range(h - size + 1) for s in range(w - size + 1)}


def expect_all_reached(seen: set[tuple[int, int]], img: torch.Tensor, size: int, padding: int, what: str) -> None:
    expected = all_offsets(img, size, padding)
    missing = sorted(expected - seen)
    top, left = max(t for t, _ in expected), max(s for _, s in expected)
    expect(
        not missing,
        f"{what}: expected every top-left corner (top in 0..{top}, left in 0..{left}), but {len(missing)} of "
        f"{len(expected)} never came: {missing[:8]}{' ...' if len(missing) > 8 else ''}",
    )


def flipped(out: torch.Tensor, img: torch.Tensor, what: str) -> list[bool]:
    """For each sample: was it mirrored along W? Fails unless every sample is the input or its mirror."""
    batch, outs = (img, out) if img.dim() == 4 else (img[None], out[None])
    decisions = []
    for i, (x, y) in enumerate(zip(batch, outs, strict=True)):
        same, mirrored = torch.equal(y, x), torch.equal(y, x.flip(-1))
        sample = f"sample {i} of the batch" if img.dim() == 4 else "the output"
        hint = " (it is mirrored along H: a horizontal flip reverses W, dim -1)" if torch.equal(y, x.flip(-2)) else ""
        expect(same or mirrored, f"{what}: {sample} is neither the input nor the input mirrored along W{hint}")
        decisions.append(mirrored)
    return decisions


@check("shape")
def test_output_shapes(attempt):
    for shape, size, padding in [((3, 7, 10), 5, 0), ((1, 2, 9, 6), 4, 2), ((5, 3, 6, 11), 6, 1), ((2, 4, 4), 1, 0)]:
        img = randn(*shape, seed=10)
        crop(attempt, img, size, padding, generator(11))
        flip(attempt, img, 0.5, generator(12))


@check("dtype")
def test_keeps_dtype(attempt):
    for dtype in (torch.uint8, torch.float64, torch.float32):
        img = (randn(4, 3, 6, 9, seed=20) * 60 + 128).clamp(0, 255).to(dtype)
        for x in (img, img[0]):
            what = describe_call("random_crop", x, 4, padding=2)
            assert_dtype(crop(attempt, x, 4, 2, generator(21)), dtype, what)
            assert_dtype(flip(attempt, x, 0.5, generator(22)), dtype, describe_call("random_hflip", x, p=0.5))


@check("numerics", points=2)
def test_crop_is_window_of_padded_input(attempt):
    cases = [((3, 7, 10), 5, 2), ((6, 3, 7, 10), 5, 2), ((1, 2, 9, 6), 4, 0), ((2, 6, 7), 8, 3), ((3, 2, 5, 5), 5, 1)]
    for i, (shape, size, padding) in enumerate(cases):
        img = randn(*shape, seed=30 + i)
        g = generator(40 + i)
        for _ in range(4):
            out = crop(attempt, img, size, padding, g)
            offsets(out, img, size, padding, describe_call("random_crop", img, size, padding=padding))


@check("behaviour", points=2)
def test_every_crop_offset_is_reachable(attempt):
    for img, size, padding in [(randn(3, 4, 6, seed=50), 3, 1), (randn(2, 6, 9, seed=51), 4, 0)]:
        g = generator(52)
        what = describe_call("random_crop", img, size, padding=padding)
        outs = []
        for _ in range(400):
            outs.append(call(attempt.random_crop, img, size, padding=padding, generator=g, what=what))
            assert_shape(outs[-1], (img.shape[0], size, size), what)
        seen = offsets(torch.stack(outs), img.expand(400, *img.shape), size, padding, what)
        expect_all_reached(set(seen), img, size, padding, f"{what}, 400 calls with one generator")


@check("behaviour", points=2)
def test_crop_offsets_are_per_sample(attempt):
    for img, size, padding in [(randn(400, 3, 4, 6, seed=60), 3, 1), (randn(300, 2, 6, 9, seed=61), 4, 0)]:
        what = describe_call("random_crop", img, size, padding=padding)
        out = crop(attempt, img, size, padding, generator(62))
        expect_all_reached(set(offsets(out, img, size, padding, what)), img, size, padding, f"{what}, within one batch")


@check("numerics")
def test_full_size_crop_is_the_padded_image(attempt):
    for shape, size, padding in [((2, 5, 5), 9, 2), ((4, 3, 6, 6), 6, 0), ((1, 3, 4, 4), 6, 1)]:
        img = randn(*shape, seed=70)
        expected = F.pad(img, (padding, padding, padding, padding))
        out = crop(attempt, img, size, padding, generator(71))
        assert_close(out, expected, EXACT, describe_call("random_crop", img, size, padding=padding))


@check("behaviour")
def test_crop_larger_than_padded_input_raises(attempt):
    for shape, size, padding in [((3, 5, 8), 6, 0), ((3, 12, 8), 11, 1), ((2, 3, 4, 4), 5, 0)]:
        img = randn(*shape, seed=80)
        what = describe_call("random_crop", img, size, padding=padding)
        expect_raises(ValueError, attempt.random_crop, img, size, padding=padding, generator=generator(81), what=what)


@check("numerics", points=2)
def test_flip_is_exact_mirror(attempt):
    for i, shape in enumerate([(3, 5, 8), (16, 3, 5, 8), (1, 2, 7, 4)]):
        img = randn(*shape, seed=90 + i)
        g, what = generator(95 + i), describe_call("random_hflip", img, p=0.5)
        for _ in range(6):
            flipped(flip(attempt, img, 0.5, g), img, what)


@check("behaviour")
def test_flip_p0_and_p1(attempt):
    for img in (randn(12, 3, 4, 7, seed=100), randn(3, 4, 7, seed=101)):
        for p, expected in ((0.0, False), (1.0, True)):
            what = describe_call("random_hflip", img, p=p)
            for seed in range(3):
                decisions = flipped(flip(attempt, img, p, generator(102 + seed)), img, what)
                expect(
                    all(d == expected for d in decisions),
                    f"{what}: expected {'every' if expected else 'no'} sample flipped, got {sum(decisions)} of "
                    f"{len(decisions)} flipped",
                )


@check("behaviour")
def test_flip_probability(attempt):
    img = randn(2000, 1, 2, 3, seed=110)  # H = 2, W = 3: a flip along W, along H, or none all show
    for p in (0.3, 0.8):
        what = describe_call("random_hflip", img, p=p)
        share = sum(flipped(flip(attempt, img, p, generator(111)), img, what)) / len(img)
        expect(
            abs(share - p) <= 0.04,
            f"{what}: expected about {p:.0%} of the 2000 samples flipped (within 4 points), got {share:.1%}",
        )


@check("behaviour")
def test_flip_decisions_are_per_sample(attempt):
    img = randn(64, 3, 3, 5, seed=120)
    what = describe_call("random_hflip", img, p=0.5)
    for seed in (121, 122):
        decisions = flipped(flip(attempt, img, 0.5, generator(seed)), img, what)
        expect(
            0 < sum(decisions) < len(decisions),
            f"{what}: each sample should be decided on its own; got {sum(decisions)} of {len(decisions)} flipped",
        )


@check("behaviour", points=2)
def test_same_generator_seed_same_result(attempt):
    img = randn(32, 3, 6, 7, seed=130)
    calls = [
        ("random_crop", lambda g: crop(attempt, img, 4, 2, g), describe_call("random_crop", img, 4, padding=2)),
        ("random_hflip", lambda g: flip(attempt, img, 0.5, g), describe_call("random_hflip", img, p=0.5)),
    ]
    for _, run, what in calls:
        first = run(generator(5))
        scramble_global_rng()
        again = run(generator(5))
        assert_close(again, first, EXACT, f"{what} twice with generator seed 5 (global RNG reseeded in between)")
        other = run(generator(6))
        expect(not torch.equal(other, first), f"{what} with generator seeds 5 and 6: expected different results")


@check("behaviour")
def test_without_generator_uses_global_rng(attempt):
    img = randn(32, 3, 6, 7, seed=140)
    calls = [
        (lambda: crop(attempt, img, 4, 2), describe_call("random_crop", img, 4, padding=2)),
        (lambda: flip(attempt, img, 0.5), describe_call("random_hflip", img, p=0.5)),
    ]
    for run, what in calls:
        torch.manual_seed(2024)
        first = run()
        torch.manual_seed(2024)
        again = run()
        assert_close(again, first, EXACT, f"{what} without a generator, after torch.manual_seed(2024) twice")
        expect(not torch.equal(run(), again), f"{what} without a generator, twice in a row: expected different results")
