"""Grader for question 14: load_cifar_batch keeps the channels-first layout, channel_stats and normalize
work per channel on the [0, 1] scale."""

from pathlib import Path

import torch

from grader.checks import (
    ELEMENTWISE,
    EXACT,
    REDUCTION,
    assert_close,
    assert_dtype,
    assert_shape,
    assert_type,
    call_pure,
    check,
    describe_call,
    expect,
    generator,
    write_cifar_batch,
)

# Per-channel centre and spread on the 0-255 scale: the three channels differ, so mixing them shows.
CENTRE, SPREAD = (180.0, 60.0, 120.0), (25.0, 12.0, 60.0)


def images_uint8(n: int, seed: int, h: int = 32, w: int = 32) -> torch.Tensor:
    """(n, 3, h, w) uint8 images whose channels have different statistics and whose brightness varies per image."""
    g = generator(seed)
    brightness = 25 * torch.randn(n, 1, 1, 1, generator=g)
    noise = torch.randn(n, 3, h, w, generator=g)
    centre, spread = torch.tensor(CENTRE).view(3, 1, 1), torch.tensor(SPREAD).view(3, 1, 1)
    return (centre + brightness + spread * noise).round().clamp(0, 255).to(torch.uint8)


def labels_for(n: int, seed: int) -> list[int]:
    return torch.randint(0, 10, (n,), generator=generator(seed)).tolist()


def write_batch(folder: Path, name: str, images: torch.Tensor, labels: list[int]) -> Path:
    return write_cifar_batch(folder / name, images.numpy(), labels, batch_label=f"{name} of the grader")


def load(attempt, path: str | Path) -> tuple[torch.Tensor, torch.Tensor]:
    what = f"load_cifar_batch({type(path).__name__} .../{Path(path).name})"
    out = call_pure(attempt.load_cifar_batch, path, what=what)
    assert_type(out, tuple, what)
    expect(len(out) == 2, f"{what}: expected a tuple (images, labels) of 2 items, got {len(out)}")
    assert_type(out[0], torch.Tensor, f"{what}: images")
    assert_type(out[1], torch.Tensor, f"{what}: labels")
    return out


def stats(attempt, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    what = describe_call("channel_stats", images=images)
    out = call_pure(attempt.channel_stats, images, what=what)
    assert_type(out, tuple, what)
    expect(len(out) == 2, f"{what}: expected a tuple (mean, std) of 2 items, got {len(out)}")
    return out


def normed(attempt, images: torch.Tensor, mean: object, std: object) -> torch.Tensor:
    return call_pure(attempt.normalize, images, mean, std, what=describe_call("normalize", images, mean, std))


def unit(images: torch.Tensor) -> torch.Tensor:
    return images if images.is_floating_point() else images.float() / 255


SAMPLE_STD = "the std is the sample std (correction=1); use the population std (correction=0)"
ON_255_SCALE = "the stats are on the 0-255 scale: divide uint8 pixels by 255 first"
PER_IMAGE_STD = "the std is the mean of per-image stds; take it over all N * H * W values of a channel at once"
SCALED_TWICE = "float images were divided by 255 again; float input is already in [0, 1]"


def stats_causes(images: torch.Tensor) -> dict[str, dict]:
    """The common wrong variants of each part: {"mean": {cause: value}, "std": {cause: value}}."""
    x, dims = unit(images), (0, 2, 3)

    def std(t: torch.Tensor) -> torch.Tensor:
        return t.std(dims, correction=0)

    return {
        "mean": {ON_255_SCALE: lambda: images.float().mean(dims), SCALED_TWICE: lambda: (x / 255).mean(dims)},
        "std": {
            SAMPLE_STD: lambda: x.std(dims, correction=1),
            ON_255_SCALE: lambda: std(images.float()),
            PER_IMAGE_STD: lambda: x.std((2, 3), correction=0).mean(0),
            SCALED_TWICE: lambda: std(x / 255),
        },
    }


def expect_stats_match(attempt, reference, images: torch.Tensor) -> None:
    what, causes = describe_call("channel_stats", images=images), stats_causes(images)
    got, expected = stats(attempt, images), reference.channel_stats(images)
    for i, part in enumerate(("mean", "std")):
        assert_close(got[i], expected[i], REDUCTION, f"{what}: {part}", causes=causes[part])


def normalize_causes(images: torch.Tensor, mean: torch.Tensor, std: torch.Tensor) -> dict:
    m, s = mean.view(3, 1, 1), std.view(3, 1, 1)
    return {
        "mean and std of shape (3,) broadcast over the last dim (W), not the channels: view them as (3, 1, 1)": (
            lambda: (unit(images) - mean) / std
        ),
        "uint8 pixels are not divided by 255 before normalising": lambda: (images.float() - m) / s,
        SCALED_TWICE: lambda: (unit(images) / 255 - m) / s,
    }


def some_stats(seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    g = generator(seed)
    return 0.2 + 0.6 * torch.rand(3, generator=g), 0.1 + 0.3 * torch.rand(3, generator=g)


@check("shape")
def test_load_image_shape_and_dtype(attempt, tmp_path):
    for n in (7, 1):
        path = write_batch(tmp_path, f"data_batch_{n}", images_uint8(n, seed=10 + n), labels_for(n, seed=20 + n))
        images, _ = load(attempt, path)
        assert_shape(images, (n, 3, 32, 32), f"load_cifar_batch(.../{path.name}): images")
        assert_dtype(images, torch.uint8, f"load_cifar_batch(.../{path.name}): images")


@check("behaviour")
def test_load_accepts_str_path(attempt, tmp_path):
    path = write_batch(tmp_path, "data_batch_2", images_uint8(3, seed=25), labels_for(3, seed=26))
    from_path, from_str = load(attempt, path), load(attempt, str(path))  # the values are other checks' business
    for part, got, expected in zip(("images", "labels"), from_str, from_path, strict=True):
        assert_close(got, expected, EXACT, f"load_cifar_batch(str .../{path.name}): {part}, vs the same file as a Path")


@check("numerics", points=2)
def test_load_keeps_channel_layout(attempt, tmp_path):
    for n, name in [(5, "data_batch_3"), (1, "test_batch")]:
        written = images_uint8(n, seed=30 + n)
        path = write_batch(tmp_path, name, written, labels_for(n, seed=40 + n))
        images, _ = load(attempt, path)
        rows = written.reshape(n, 3072).numpy()
        assert_close(images, written, EXACT, f"load_cifar_batch(.../{name}): images", causes={
            "each row is 1024 red, then 1024 green, then 1024 blue values: reshape to (N, 3, 32, 32), "
            "not (N, 32, 32, 3)": lambda rows=rows: torch.from_numpy(rows.reshape(-1, 32, 32, 3)).permute(0, 3, 1, 2),
        })  # fmt: skip


@check("dtype")
def test_load_labels_are_int64_in_file_order(attempt, tmp_path):
    for n in (9, 1):
        written = [(7 * i + 3) % 10 for i in range(n)]  # 3, 0, 7, 4, 1, 8, ...: out of order, every class
        path = write_batch(tmp_path, f"data_batch_{n}", images_uint8(n, seed=50 + n), written)
        _, labels = load(attempt, path)
        assert_close(
            labels, torch.tensor(written, dtype=torch.int64), EXACT, f"load_cifar_batch(.../{path.name}): labels"
        )


@check("shape")
def test_channel_stats_shapes_and_dtype(attempt):
    for i, shape in enumerate([(4, 3, 5, 7), (1, 3, 32, 32)]):
        images = images_uint8(*shape[:1], seed=60 + i, h=shape[2], w=shape[3])
        what = describe_call("channel_stats", images=images)
        for part, value in zip(("mean", "std"), stats(attempt, images), strict=True):
            assert_shape(value, (3,), f"{what}: {part}")
            assert_dtype(value, torch.float32, f"{what}: {part}")


@check("numerics", points=2)
def test_channel_stats_match_reference(attempt, reference):
    for i, (n, h, w) in enumerate([(6, 32, 32), (1, 4, 6), (2, 3, 5), (3, 7, 3)]):
        expect_stats_match(attempt, reference, images_uint8(n, seed=70 + i, h=h, w=w))


@check("numerics")
def test_channel_stats_take_float_input_as_unit_scale(attempt, reference):
    cases = [images_uint8(3, seed=80, h=6, w=5).float() / 255, torch.rand(2, 3, 4, 9, generator=generator(81))]
    for images in cases:
        expect_stats_match(attempt, reference, images)


@check("shape")
def test_normalize_output_shape(attempt):
    mean, std = some_stats(90)
    cases = [images_uint8(4, seed=91, h=6, w=5), images_uint8(1, seed=92, h=3, w=7)[0]]
    for images in [*cases, *(unit(x) for x in cases)]:
        assert_shape(normed(attempt, images, mean, std), images.shape, describe_call("normalize", images, mean, std))


@check("numerics", points=2)
def test_normalize_matches_reference(attempt, reference):
    for i, (n, h, w) in enumerate([(2, 5, 3), (4, 32, 32), (1, 6, 9), (3, 3, 3)]):  # W = 3: broadcasting bugs hide
        images = images_uint8(n, seed=100 + i, h=h, w=w)
        mean, std = reference.channel_stats(images) if i % 2 else some_stats(110 + i)
        assert_close(
            normed(attempt, images, mean, std), reference.normalize(images, mean, std), ELEMENTWISE,
            describe_call("normalize", images, mean, std), causes=normalize_causes(images, mean, std),
        )  # fmt: skip
    image = images_uint8(1, seed=120, h=5, w=3)[0]  # a single (3, H, W) image
    mean, std = some_stats(121)
    assert_close(
        normed(attempt, image, mean, std), reference.normalize(image, mean, std), ELEMENTWISE,
        describe_call("normalize", image, mean, std), causes=normalize_causes(image, mean, std),
    )  # fmt: skip


@check("numerics")
def test_normalize_takes_float_input_as_unit_scale(attempt, reference):
    for i, shape in enumerate([(3, 3, 6, 5), (2, 3, 4, 3)]):
        images = torch.rand(shape, generator=generator(130 + i))
        mean, std = some_stats(140 + i)
        assert_close(
            normed(attempt, images, mean, std), reference.normalize(images, mean, std), ELEMENTWISE,
            describe_call("normalize", images, mean, std), causes=normalize_causes(images, mean, std),
        )  # fmt: skip


@check("behaviour")
def test_normalize_accepts_sequences(attempt, reference):
    images = images_uint8(2, seed=150, h=4, w=6)
    mean, std = some_stats(151)
    for kind in (tuple, list):
        m, s = kind(mean.tolist()), kind(std.tolist())
        assert_close(normed(attempt, images, m, s), reference.normalize(images, m, s), ELEMENTWISE,
                     describe_call("normalize", images, m, s))  # fmt: skip


@check("dtype")
def test_normalize_returns_float32(attempt):
    mean, std = some_stats(160)
    for images in (images_uint8(2, seed=161, h=5, w=4), torch.rand(2, 3, 5, 4, generator=generator(162))):
        assert_dtype(normed(attempt, images, mean, std), torch.float32, describe_call("normalize", images, mean, std))


@check("numerics", points=2)
def test_normalised_channels_have_mean_0_std_1(attempt, tmp_path):
    path = write_batch(tmp_path, "data_batch_5", images_uint8(6, seed=170), labels_for(6, seed=171))
    images, _ = load(attempt, path)
    mean, std = stats(attempt, images)
    x = normed(attempt, images, mean, std)
    assert_shape(x, (6, 3, 32, 32), "normalize(images, *channel_stats(images))")
    per_channel = x.detach().double().transpose(0, 1).reshape(3, -1)  # (3, N * H * W)
    got_mean, got_std = per_channel.mean(1), per_channel.std(1, correction=0)
    for c in range(3):
        expect(
            abs(got_mean[c].item()) <= 1e-3 and abs(got_std[c].item() - 1) <= 1e-3,
            f"normalize(images, *channel_stats(images)) on a loaded batch: channel {c} should have mean 0 and std 1 "
            f"(within 1e-3), got mean {got_mean[c].item():.4g}, std {got_std[c].item():.4g}",
        )
