"""Grader for question 22: paired transforms move image and mask together (flip, quarter turns), jitter changes
only the image (one brightness factor, one contrast blend, clamped), Compose keeps the order, generators seed."""

from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from grader.checks import (
    assert_dtype,
    assert_tensor,
    assert_type,
    call,
    call_pure,
    check,
    dtype_str,
    expect,
    generator,
    scramble_global_rng,
    write_png,
)
from grader.checks.forbidden import forbid_import

forbid_import("torchvision")

Pair = tuple[torch.Tensor, torch.Tensor]
FLIPS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "unchanged": lambda x: x,
    "mirrored along W": lambda x: x.flip(-1),
}
TURNS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    f"turned by k={k}": (lambda x, k=k: x.rot90(k, dims=(-2, -1))) for k in range(4)
}
# Every flip-then-turn: what a flip followed by a quarter turn can give.
DIHEDRAL = {
    f"{flip}, then {turn}": (lambda x, f=f, t=t: t(f(x))) for flip, f in FLIPS.items() for turn, t in TURNS.items()
}
# Wrong moves, named in messages when the output is one of them.
WRONG = {
    "mirrored along H (dim -2), a vertical flip": lambda x: x.flip(-2),
    "transposed (a mirror image along the diagonal, not a quarter turn)": lambda x: x.transpose(-2, -1),
}


def image_of(c: int, h: int, w: int, seed: int, low: float = 0.2, high: float = 0.6) -> torch.Tensor:
    """(C, H, W) float32 values in [low, high]: jitter of up to +-50% stays inside [0, 1] before clamping."""
    return low + (high - low) * torch.rand(c, h, w, generator=generator(seed))


def tinted(means: tuple[float, float, float], spread: float, seed: int) -> torch.Tensor:
    """(3, 5, 7) float32, channel c uniform in means[c] +- spread: its plain and grayscale means differ a little."""
    u = torch.rand(3, 5, 7, generator=generator(seed))
    return torch.tensor(means)[:, None, None] + spread * (2 * u - 1)


# Jitter inputs: mid-grey; dark and bright (a blend with the constant 0.5 shows); a dark one that a factor of 3
# keeps below 1; a narrow one around 0.5 that a contrast factor of 4 keeps inside [0, 1].
MID = image_of(3, 5, 7, seed=50)
DARK = tinted((0.15, 0.2, 0.25), 0.03, seed=52)
BRIGHT = tinted((0.85, 0.8, 0.75), 0.03, seed=53)
NARROW = tinted((0.48, 0.5, 0.52), 0.03, seed=54)
# Three equal channels in [0.3, 0.6]: its plain and grayscale means agree (the weights sum to 1), and both jitter
# steps at 0.3 keep it inside [0, 1], so each call's brightness and contrast factors can be told apart.
EQUAL = image_of(1, 5, 7, seed=55, low=0.3, high=0.6).repeat(3, 1, 1)
# Channel means far apart: plain mean 0.45, BT.601 grayscale 0.378, BT.709 0.324, red alone 0.7.
TINTED = tinted((0.7, 0.2, 0.45), 0.03, seed=56)
GRAY = torch.tensor([0.299, 0.587, 0.114])


def mask_of(h: int, w: int, seed: int, dtype: torch.dtype = torch.int64) -> torch.Tensor:
    return torch.randint(0, 6, (h, w), generator=generator(seed)).to(dtype)


def make(attempt, name: str, **kwargs: object) -> tuple[object, str]:
    shown = ", ".join(
        f"{k}={'generator' if k == 'generator' and v is not None else repr(v)}" for k, v in kwargs.items()
    )
    what = f"{name}({shown})"
    return call(getattr(attempt, name), what=what, **kwargs), what


def apply(transform: object, image: torch.Tensor, mask: torch.Tensor, what: str, inputs: str | None = None) -> Pair:
    """`transform(image, mask)`, named `what(inputs)` in messages (by default the inputs' shapes)."""
    shown = f"image of shape {tuple(image.shape)}, mask of shape {tuple(mask.shape)} {dtype_str(mask.dtype)}"
    call_what = f"{what}({inputs or shown})"
    out = call_pure(transform, image, mask, what=call_what)
    assert_type(out, tuple, call_what)
    expect(len(out) == 2, f"{call_what}: expected (image, mask), got {len(out)} items")
    return assert_tensor(out[0], f"{call_what}: image"), assert_tensor(out[1], f"{call_what}: mask")


def which(out: torch.Tensor, x: torch.Tensor, moves: dict[str, Callable], exact_dtype: bool = True) -> str | None:
    """The name of the move that turns `x` into `out` (values, shape and dtype), or None."""
    for name, move in moves.items():
        moved = move(x)
        if (
            moved.shape == out.shape
            and (moved.dtype == out.dtype or not exact_dtype)
            and torch.equal(moved.to(out.dtype), out)
        ):
            return name
    return None


def expect_move(out: torch.Tensor, x: torch.Tensor, moves: dict[str, Callable], part: str, what: str) -> str:
    kind = which(out, x, moves)
    if kind is None:
        if (converted := which(out, x, moves, exact_dtype=False)) is not None:
            said = f"it was {converted} but came back {dtype_str(out.dtype)} instead of {dtype_str(x.dtype)}"
        elif (wrong := which(out, x, WRONG)) is not None:
            said = f"it was {wrong}"
        else:
            said = f"got shape {tuple(out.shape)}, with other values"
        expect(False, f"{what}: the {part} should be {' or '.join(moves)} (of shape {tuple(x.shape)}); {said}")
    return kind


@check("behaviour", points=2)
def test_flip_moves_image_and_mask_together(attempt):
    image, mask = image_of(3, 5, 8, seed=1), mask_of(5, 8, seed=2)
    for p, allowed in ((1.0, {"mirrored along W"}), (0.0, {"unchanged"}), (0.5, set(FLIPS))):
        flip, what = make(attempt, "RandomHorizontalFlip", p=p, generator=generator(3))
        for k in range(30):
            out_image, out_mask = apply(flip, image, mask, what)
            image_kind = expect_move(out_image, image, FLIPS, "image", f"{what}, call {k + 1}")
            mask_kind = expect_move(out_mask, mask, FLIPS, "mask", f"{what}, call {k + 1}")
            expect(
                image_kind == mask_kind,
                f"{what}, call {k + 1}: the image came back {image_kind} but the mask {mask_kind}: one random "
                "decision must move both",
            )
            expected = " or ".join(sorted(allowed))
            expect(image_kind in allowed, f"{what}, call {k + 1}: expected the pair {expected}, got {image_kind}")


def flip_rate(attempt, p: float, calls: int = 400) -> float:
    image, mask = image_of(1, 2, 3, seed=4), mask_of(2, 3, seed=5)
    flip, what = make(attempt, "RandomHorizontalFlip", p=p, generator=generator(6))
    flips = [
        expect_move(apply(flip, image, mask, what)[0], image, FLIPS, "image", what) != "unchanged" for _ in range(calls)
    ]
    return sum(flips) / calls


@check("behaviour")
def test_flip_probability(attempt):
    for p, low, high in ((0.3, 0.2, 0.4), (0.8, 0.7, 0.9)):
        rate = flip_rate(attempt, p)
        cause = (
            "; likely cause: it flips with probability 1 - p (flip when rand < p)" if abs(rate - (1 - p)) < 0.1 else ""
        )
        expect(
            low <= rate <= high,
            f"RandomHorizontalFlip(p={p}) over 400 calls: expected about {p:.0%} flipped (between {low:.0%} and "
            f"{high:.0%}), got {rate:.1%}{cause}",
        )


@check("behaviour", points=2)
def test_rotate90_turns_image_and_mask_together(attempt):
    for c, h, w, dtype in ((2, 3, 5, torch.int64), (3, 4, 4, torch.uint8)):
        image, mask = image_of(c, h, w, seed=10 + h), mask_of(h, w, seed=20 + h, dtype=dtype)
        turn, what = make(attempt, "RandomRotate90", generator=generator(7))
        for k in range(40):
            out_image, out_mask = apply(turn, image, mask, what)
            image_kind = expect_move(out_image, image, TURNS, "image", f"{what}, call {k + 1}")
            mask_kind = expect_move(out_mask, mask, TURNS, "mask", f"{what}, call {k + 1}")
            expect(
                image_kind == mask_kind,
                f"{what}, call {k + 1}: the image was {image_kind} but the mask {mask_kind}: draw k once for both",
            )


@check("behaviour")
def test_rotate90_draws_every_quarter_turn(attempt):
    image, mask = image_of(1, 2, 3, seed=30), mask_of(2, 3, seed=31)
    turn, what = make(attempt, "RandomRotate90", generator=generator(8))
    counts = dict.fromkeys(TURNS, 0)
    for _ in range(400):
        counts[expect_move(apply(turn, image, mask, what)[0], image, TURNS, "image", what)] += 1
    shown = ", ".join(f"{name.removeprefix('turned by ')}: {n}" for name, n in counts.items())
    expect(
        all(60 <= n <= 140 for n in counts.values()),
        f"{what} over 400 calls: expected each k in {{0, 1, 2, 3}} about 100 times, got {shown}",
    )


def affine_fit(out: torch.Tensor, x: torch.Tensor) -> tuple[float, float, float]:
    """(s, d, largest residual) of the least-squares fit out ~ s * x + d over all values, in float64."""
    a, b = x.double().reshape(-1), out.double().reshape(-1)
    s = float(((a - a.mean()) * (b - b.mean())).sum() / ((a - a.mean()) ** 2).sum())
    d = float(b.mean() - s * a.mean())
    return s, d, float((b - (s * a + d)).abs().max())


@check("behaviour")
def test_color_jitter_leaves_the_mask_alone(attempt):
    for dtype in (torch.int64, torch.uint8):
        image, mask = image_of(3, 4, 6, seed=40), mask_of(4, 6, seed=41, dtype=dtype)
        jitter, what = make(attempt, "ColorJitter", brightness=0.5, contrast=0.5, generator=generator(9))
        for k in range(5):
            out_image, out_mask = apply(jitter, image, mask, what)
            expect(out_image.shape == image.shape, f"{what}: image shape changed to {tuple(out_image.shape)}")
            assert_dtype(out_mask, dtype, f"{what}, call {k + 1}: mask")
            expect(
                torch.equal(out_mask, mask),
                f"{what}, call {k + 1}: the mask changed (photometric transforms leave it alone)",
            )
    still, what = make(attempt, "ColorJitter", brightness=0.0, contrast=0.0)
    out_image, _ = apply(still, image, mask, what)
    expect(torch.equal(out_image, image), f"{what}: with both at 0 the image should come back unchanged")


def jitter_fits(
    attempt, brightness: float, contrast: float, image: torch.Tensor, calls: int = 60
) -> tuple[list[tuple[float, float]], str]:
    """(s, d) of out = s * image + d for each call, after checking that each call is one affine map."""
    mask = mask_of(*image.shape[1:], seed=51)
    jitter, what = make(attempt, "ColorJitter", brightness=brightness, contrast=contrast, generator=generator(10))
    fits = []
    for k in range(calls):
        out, _ = apply(jitter, image, mask, what)
        expect(out.shape == image.shape, f"{what}: image shape changed to {tuple(out.shape)}")
        s, d, residual = affine_fit(out, image)
        kind = "one factor for the whole image" if contrast == 0 else "one factor and one mean for the whole image"
        expect(
            residual <= 1e-5,
            f"{what}, call {k + 1}: the output is not the input under {kind} (off by up to "
            f"{residual:.2g}): use the same {'factors and mean' if contrast else 'factor'} for every channel and pixel",
        )
        expect(
            bool(out.ne(0).any()),
            f"{what}, call {k + 1}: an all-black image came back, as a factor <= 0 gives once clamped: draw the "
            f"factors from [max(0, 1 - b), 1 + b]",
        )
        if contrast == 0:
            expect(
                abs(d) <= 1e-5,
                f"{what}, call {k + 1}: brightness should only scale the image (got an offset of {d:.3g})",
            )
        fits.append((s, d))
    return fits, what


@check("numerics", points=2)
def test_color_jitter_draws_its_factors_in_range(attempt):
    for brightness, contrast, image in ((0.5, 0.0, MID), (0.0, 0.5, MID), (0.3, 0.3, MID), (2.0, 0.0, DARK),
                                        (0.0, 3.0, NARROW)):  # fmt: skip
        fits, what = jitter_fits(attempt, brightness, contrast, image)
        slopes = [s for s, _ in fits]
        low = max(0.0, 1 - brightness) * max(0.0, 1 - contrast)
        high = (1 + brightness) * (1 + contrast)
        worst = min(slopes) if min(slopes) < low - 1e-5 else max(slopes)
        expect(
            low - 1e-5 <= min(slopes) and max(slopes) <= high + 1e-5,
            f"{what}: expected factors in [{low:.3g}, {high:.3g}], got {worst:.4g}",
        )
        if brightness and contrast:
            continue  # a product of two uniform factors rarely comes near the ends of its range
        expect_spread(slopes, low, high, what)
    # Both at once: out = b * c * image + b * m * (1 - c) whichever step comes first, m the input's mean (both
    # means agree on EQUAL), so b = (d + s * m) / m and c = s / b: two factors, each over its range, independent.
    fits, what = jitter_fits(attempt, 0.3, 0.3, EQUAL)
    mean = float(EQUAL.double().mean())
    factors = torch.tensor([((d + s * mean) / mean, s * mean / (d + s * mean)) for s, d in fits], dtype=torch.float64)
    hint = " (does the contrast blend with the mean of the image it gets, after the brightness step?)"
    for j, name in enumerate(("brightness", "contrast")):
        expect_spread(factors[:, j].tolist(), 0.7, 1.3, f"{what}: the {name} factor", hint)
    corr = float(torch.corrcoef(factors.T)[0, 1])
    expect(
        abs(corr) < 0.6,
        f"{what} over {len(fits)} calls: the brightness and contrast factors move together (correlation "
        f"{corr:.2f}): draw each factor on its own",
    )


def expect_spread(factors: list[float], low: float, high: float, what: str, hint: str = "") -> None:
    """Every factor in [low, high], and both ends of the range come near (uniform draws, a new one each call)."""
    worst = min(factors) if min(factors) < low - 1e-4 else max(factors)
    expect(
        low - 1e-4 <= min(factors) and max(factors) <= high + 1e-4,
        f"{what}: expected factors in [{low:.3g}, {high:.3g}], got {worst:.4g}{hint}",
    )
    expect(
        min(factors) < low + 0.2 * (high - low) and max(factors) > high - 0.2 * (high - low),
        f"{what} over {len(factors)} calls: factors should be drawn uniformly from [{low:.3g}, {high:.3g}] on "
        f"every call, got only [{min(factors):.4g}, {max(factors):.4g}]",
    )


@check("numerics")
def test_color_jitter_contrast_blends_with_the_image_mean(attempt):
    for image, name in ((DARK, "a dark image"), (BRIGHT, "a bright image"), (MID, "a mid-grey image"),
                        (TINTED, "a strongly tinted image")):  # fmt: skip
        plain, gray = float(image.double().mean()), float((image.double() * GRAY.double()[:, None, None]).sum(0).mean())
        low, high = min(plain, gray), max(plain, gray)
        fits, what = jitter_fits(attempt, 0.0, 0.3, image)  # no clamping, even for a blend with 0 or 0.5
        for k, (s, d) in enumerate(fits):
            if abs(1 - s) <= 1e-2:
                continue  # a factor near 1 leaves the mean out of sight
            mean = d / (1 - s)  # out = mean + s * (image - mean)
            expect(
                low - 1e-3 <= mean <= high + 1e-3,
                f"{what} on {name}, call {k + 1}: contrast should blend with the image's mean ({plain:.4g}, or "
                f"{gray:.4g} for its grayscale), got a blend with {mean:.4g}",
            )


@check("numerics")
def test_color_jitter_keeps_the_image_in_0_1(attempt):
    for brightness, contrast in ((2.0, 0.0), (0.0, 3.0), (1.5, 1.5)):
        image, mask = image_of(3, 6, 5, seed=60, low=0.0, high=1.0), mask_of(6, 5, seed=61)
        jitter, what = make(attempt, "ColorJitter", brightness=brightness, contrast=contrast, generator=generator(11))
        for k in range(20):
            out, _ = apply(jitter, image, mask, what)
            low, high = float(out.min()), float(out.max())
            expect(
                bool(torch.isfinite(out).all()) and low >= 0.0 and high <= 1.0,
                f"{what}, call {k + 1}: expected values in [0, 1], got [{low:.4g}, {high:.4g}] (clamp the result)",
            )


@check("dtype")
def test_dtypes_and_mask_values_are_kept(attempt):
    cases = [("RandomHorizontalFlip", {"p": 1.0}), ("RandomRotate90", {}), ("ColorJitter", {"brightness": 0.5})]
    for dtype in (torch.int64, torch.uint8):
        image, mask = image_of(3, 4, 7, seed=70), mask_of(4, 7, seed=71, dtype=dtype)
        for name, kwargs in cases:
            transform, what = make(attempt, name, **kwargs, generator=generator(12))
            for _ in range(4):
                out_image, out_mask = apply(transform, image, mask, what)
                assert_dtype(out_image, torch.float32, f"{what}: image")
                assert_dtype(out_mask, dtype, f"{what}: mask")
                expect(
                    torch.equal(out_mask.reshape(-1).sort().values, mask.reshape(-1).sort().values),
                    f"{what}: the mask should hold the same class ids (only moved), got other values",
                )


@check("behaviour")
def test_compose_applies_transforms_in_order(attempt):
    image, mask = image_of(2, 3, 4, seed=80), mask_of(3, 4, seed=81)

    def double(image: torch.Tensor, mask: torch.Tensor) -> Pair:
        return image * 2, mask

    def shift(image: torch.Tensor, mask: torch.Tensor) -> Pair:
        return image + 1, mask + 1

    cases = [
        ("Compose([double, shift])", lambda: attempt.Compose([double, shift]), image * 2 + 1, mask + 1),
        ("Compose([shift, double])", lambda: attempt.Compose([shift, double]), (image + 1) * 2, mask + 1),
        (
            "Compose((shift, Compose([double, shift])))",
            lambda: attempt.Compose((shift, attempt.Compose([double, shift]))),
            (image + 1) * 2 + 1,
            mask + 2,
        ),
        ("Compose([])", lambda: attempt.Compose([]), image, mask),
    ]
    for what, build, expected_image, expected_mask in cases:
        out_image, out_mask = apply(call(build, what=what), image, mask, what)
        expect(torch.equal(out_image, expected_image), f"{what}: the image is not what the transforms give in order")
        expect(torch.equal(out_mask, expected_mask), f"{what}: the mask is not what the transforms give in order")


def png_pair(tmp_path: Path) -> Pair:
    """An RGB PNG and a palette PNG mask (ids 0-3, a 255 "ignore" band), read back with Pillow."""
    g = generator(90)
    pixels = torch.randint(50, 150, (12, 20, 3), generator=g, dtype=torch.uint8).numpy()
    ids = torch.randint(0, 4, (12, 20), generator=g, dtype=torch.uint8)
    ids[:, :2] = 255
    palette = np.zeros((256, 3), dtype=np.uint8)
    palette[1:4] = [[128, 0, 0], [0, 128, 0], [128, 128, 0]]
    palette[255] = [224, 224, 192]
    image_path = write_png(tmp_path / "image.png", pixels)
    mask_path = write_png(tmp_path / "mask.png", ids.numpy(), palette=palette)
    with Image.open(image_path) as rgb, Image.open(mask_path) as indexed:
        image = torch.from_numpy(np.array(rgb.convert("RGB"))).permute(2, 0, 1).float() / 255  # (3, H, W)
        mask = torch.from_numpy(np.array(indexed))  # (H, W) uint8 palette indices
    return image, mask


@check("behaviour", points=2)
def test_png_image_and_palette_mask_stay_aligned(attempt, tmp_path):
    image, mask = png_pair(tmp_path)
    flip, _ = make(attempt, "RandomHorizontalFlip", p=0.5, generator=generator(13))
    turn, _ = make(attempt, "RandomRotate90", generator=generator(14))
    jitter, _ = make(attempt, "ColorJitter", brightness=0.2, contrast=0.2, generator=generator(15))
    pipeline = call(attempt.Compose, [flip, turn, jitter], what="Compose([flip, turn, jitter])")
    what = "Compose([RandomHorizontalFlip(p=0.5), RandomRotate90(), ColorJitter(0.2, 0.2)])"
    inputs = f"image.png as {tuple(image.shape)} float32, mask.png as {tuple(mask.shape)} uint8 palette indices"
    for k in range(24):
        call_what = f"{what}(image.png, mask.png), call {k + 1}"
        out_image, out_mask = apply(pipeline, image, mask, what, inputs)
        assert_dtype(out_mask, torch.uint8, f"{call_what}: mask")
        kind = expect_move(out_mask, mask, DIHEDRAL, "mask", call_what)
        moved = DIHEDRAL[kind](image)
        expect(
            out_image.shape == moved.shape,
            f"{call_what}: the mask was {kind}, giving shape {tuple(moved.shape)}, but the image has shape "
            f"{tuple(out_image.shape)}",
        )
        # The jitter makes the image an affine map of the moved input: find the move that fits it best.
        residuals = {
            name: affine_fit(out_image, move(image))[2]
            for name, move in DIHEDRAL.items()
            if move(image).shape == out_image.shape
        }
        if residuals[kind] <= 1e-4:
            continue
        best = min(residuals, key=residuals.__getitem__)
        if best != kind and residuals[best] <= 1e-4:
            expect(False, f"{call_what}: the mask was {kind}, but the image was {best}: one draw must move both")
        expect(
            False,
            f"{call_what}: the mask was {kind}; the image is not that move of the input under one brightness factor "
            f"and one contrast blend (off by up to {residuals[kind]:.2g}): jitter every channel and pixel alike",
        )


def outputs(transform: object, image: torch.Tensor, mask: torch.Tensor, what: str, calls: int = 20) -> list[Pair]:
    return [apply(transform, image, mask, what) for _ in range(calls)]


def same(a: list[Pair], b: list[Pair]) -> bool:
    return all(torch.equal(x[0], y[0]) and torch.equal(x[1], y[1]) for x, y in zip(a, b, strict=True))


@check("behaviour", points=2)
def test_generator_seeds_every_transform(attempt):
    image, mask = image_of(3, 3, 4, seed=100), mask_of(3, 4, seed=101)  # RGB: a grayscale contrast mean works
    for name, kwargs in (
        ("RandomHorizontalFlip", {"p": 0.5}),
        ("RandomRotate90", {}),
        ("ColorJitter", {"brightness": 0.4, "contrast": 0.4}),
    ):
        first, what = make(attempt, name, **kwargs, generator=generator(16))
        runs = outputs(first, image, mask, what)
        scramble_global_rng()
        again, _ = make(attempt, name, **kwargs, generator=generator(16))
        expect(
            same(outputs(again, image, mask, what), runs),
            f"{what} twice with generators of seed 16 (the global "
            "RNG reseeded in between): expected the same 20 results, got others: draw from `generator`",
        )
        other, _ = make(attempt, name, **kwargs, generator=generator(17))
        expect(
            not same(outputs(other, image, mask, what), runs),
            f"{what} with generators of seeds 16 and 17: expected different results over 20 calls, got the same",
        )
        plain, plain_what = make(attempt, name, **kwargs)
        torch.manual_seed(5)
        seeded = outputs(plain, image, mask, plain_what)
        torch.manual_seed(5)
        expect(
            same(outputs(plain, image, mask, plain_what), seeded),
            f"{plain_what} (no generator) after "
            "torch.manual_seed(5), twice: expected the same 20 results: use the global torch RNG",
        )
        torch.manual_seed(6)
        expect(
            not same(outputs(plain, image, mask, plain_what), seeded),
            f"{plain_what} (no generator) after "
            "torch.manual_seed(5) and torch.manual_seed(6): expected different results",
        )
