"""Grader for question 38: PatchEmbed is unfold + matmul in row-major order; ViT reads its class token."""

import torch
import torch.nn.functional as F
from torch import nn

from grader.checks import (
    REDUCTION,
    CheckFailed,
    Tol,
    assert_close,
    assert_shape,
    assert_tensor,
    assert_type,
    check,
    expect,
    expect_raises,
    randn,
    weighted_sum,
)

# (img_size, patch_size, in_chans, embed_dim): N = 9, 16, 4 and 1 patches, D never equal to N.
EMBED_CASES = [(12, 4, 3, 10), (8, 2, 1, 6), (10, 5, 2, 7), (6, 6, 3, 5)]
VIT_CASES = [
    {"img_size": 12, "patch_size": 4, "in_chans": 3, "num_classes": 5, "embed_dim": 16, "depth": 2, "num_heads": 2},
    {"img_size": 10, "patch_size": 5, "in_chans": 1, "num_classes": 3, "embed_dim": 12, "depth": 1, "num_heads": 3},
    {"img_size": 8, "patch_size": 2, "in_chans": 2, "num_classes": 7, "embed_dim": 8, "depth": 1, "num_heads": 1},
]
# Small patches, one channel, a wide embedding: the parameters outside the blocks are far fewer than a block's.
DEPTH_CASE = {"img_size": 8, "patch_size": 2, "in_chans": 1, "num_classes": 5, "embed_dim": 16, "num_heads": 2}
DEFAULTS = {"img_size": 32, "patch_size": 4, "in_chans": 3, "num_classes": 10, "embed_dim": 64}
# Swapping tokens reorders the sums inside attention: equal up to float32 round-off through the blocks.
PERMUTED = Tol(rtol=1e-4, atol=1e-4)


def images(batch: int, chans: int, size: int, seed: int) -> torch.Tensor:
    return randn(batch, chans, size, size, seed=seed)


def embed_name(img: int, patch: int, chans: int, dim: int) -> str:
    return f"PatchEmbed(img_size={img}, patch_size={patch}, in_chans={chans}, embed_dim={dim})"


def vit_name(config: dict) -> str:
    return "ViT(" + ", ".join(f"{k}={v}" for k, v in config.items()) + ")"


def full(config: dict) -> dict:
    return {**DEFAULTS, **config}


def num_patches(config: dict) -> int:
    c = full(config)
    return (c["img_size"] // c["patch_size"]) ** 2


def make_vit(attempt, config: dict, seed: int) -> nn.Module:
    """The attempt's ViT in eval mode, with random position embeddings (an all-zero init hides their order)
    and no all-zero Linear weight."""
    torch.manual_seed(seed)
    model = attempt.ViT(**config)
    c, n = full(config), num_patches(config)
    assert_type(model.cls_token, nn.Parameter, f"{vit_name(config)}.cls_token")
    assert_type(model.pos_embed, nn.Parameter, f"{vit_name(config)}.pos_embed")
    assert_shape(model.pos_embed, (1, n + 1, c["embed_dim"]), f"{vit_name(config)}.pos_embed")
    with torch.no_grad():
        model.pos_embed.copy_(randn(1, n + 1, c["embed_dim"], seed=seed + 1))
        model.cls_token.copy_(randn(1, 1, c["embed_dim"], seed=seed + 2))
        for i, layer in enumerate(m for m in model.modules() if isinstance(m, nn.Linear)):
            if not layer.weight.any():  # a zero-initialised head would make every logit constant
                layer.weight.copy_(randn(*layer.weight.shape, seed=seed + 3 + i) * 0.1)
    return model.eval()


def logits(model: nn.Module, x: torch.Tensor, what: str) -> torch.Tensor:
    return assert_tensor(model(x), what)


def proj_of(embed: nn.Module, img: int, patch: int, chans: int, dim: int) -> nn.Conv2d:
    what = embed_name(img, patch, chans, dim)
    proj = getattr(embed, "proj", None)
    assert_type(proj, nn.Conv2d, f"{what}.proj")
    expect(
        tuple(proj.kernel_size) == (patch, patch) and tuple(proj.stride) == (patch, patch),
        f"{what}.proj: expected kernel_size=stride=({patch}, {patch}), got kernel_size={tuple(proj.kernel_size)}, "
        f"stride={tuple(proj.stride)}",
    )
    assert_shape(proj.weight, (dim, chans, patch, patch), f"{what}.proj.weight")
    return proj


def swap_patches(x: torch.Tensor, a: int, b: int, grid: int, patch: int) -> torch.Tensor:
    """x with the pixels of patches a and b (row-major numbering) exchanged."""
    out = x.clone()
    (ra, ca), (rb, cb) = divmod(a, grid), divmod(b, grid)
    cell_a = (..., slice(ra * patch, (ra + 1) * patch), slice(ca * patch, (ca + 1) * patch))
    cell_b = (..., slice(rb * patch, (rb + 1) * patch), slice(cb * patch, (cb + 1) * patch))
    out[cell_a], out[cell_b] = x[cell_b], x[cell_a]
    return out


@check("shape")
def test_patch_embed_output_shape(attempt):
    for i, (img, patch, chans, dim) in enumerate(EMBED_CASES):
        embed = attempt.PatchEmbed(img, patch, chans, dim)
        n = (img // patch) ** 2
        for batch in (1, 3):
            out = embed(images(batch, chans, img, seed=10 + i))
            assert_shape(
                out, (batch, n, dim), f"{embed_name(img, patch, chans, dim)} on ({batch}, {chans}, {img}, {img})"
            )
    channels_last = randn(2, 12, 12, 3, seed=19).permute(0, 3, 1, 2)  # (B, C, H, W) view of (B, H, W, C) memory
    out = attempt.PatchEmbed(12, 4, 3, 10)(channels_last)
    assert_shape(out, (2, 9, 10), f"{embed_name(12, 4, 3, 10)} on a channels-last (non-contiguous) image")


@check("numerics", points=2)
def test_patch_embed_equals_unfold_and_matmul(attempt):
    for i, (img, patch, chans, dim) in enumerate(EMBED_CASES):
        torch.manual_seed(20 + i)
        embed = attempt.PatchEmbed(img, patch, chans, dim)
        proj = proj_of(embed, img, patch, chans, dim)
        x = images(3, chans, img, seed=30 + i)
        if i == 0:
            x = x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2)  # channels-last memory
        weight = proj.weight.detach().reshape(dim, -1)  # (D, C * p * p)
        bias = proj.bias.detach() if proj.bias is not None else torch.zeros(dim)
        cols = F.unfold(x, patch, stride=patch)  # (B, C * p * p, N), patches row-major
        expected = cols.transpose(1, 2) @ weight.T + bias  # (B, N, D)
        grid = F.conv2d(x, proj.weight.detach(), proj.bias.detach() if proj.bias is not None else None, stride=patch)
        causes = {
            "(B, D, N) was reshaped into (B, N, D) with view/reshape; swap the axes with transpose(1, 2)": grid.reshape(
                3, -1, dim
            ),
            "the patches are in column-major order (H and W swapped)": grid.transpose(2, 3).flatten(2).transpose(1, 2),
        }
        with torch.no_grad():
            out = embed(x)
        assert_close(
            out, expected, REDUCTION, f"{embed_name(img, patch, chans, dim)} vs unfold + matmul", causes=causes
        )


@check("behaviour")
def test_patches_are_numbered_row_major(attempt):
    img, patch, chans, dim = 12, 4, 2, 5
    grid = img // patch
    embed = attempt.PatchEmbed(img, patch, chans, dim)
    proj = proj_of(embed, img, patch, chans, dim)
    with torch.no_grad():
        proj.weight.fill_(1.0 / (chans * patch * patch))  # every output channel is the patch mean
        if proj.bias is not None:
            proj.bias.zero_()
        index = torch.arange(grid * grid, dtype=torch.float32).reshape(grid, grid)
        x = index.repeat_interleave(patch, 0).repeat_interleave(patch, 1).expand(1, chans, img, img)
        out = embed(x)
    assert_shape(out, (1, grid * grid, dim), embed_name(img, patch, chans, dim))
    got = out[0, :, 0]
    for n in range(grid * grid):
        source = round(got[n].item())
        expect(
            abs(got[n].item() - n) < 1e-4,
            f"{embed_name(img, patch, chans, dim)}: token {n} should be the patch at grid row {n // grid}, column "
            f"{n % grid} (row-major), got the one at row {source // grid}, column {source % grid}",
        )


def expect_constructor_refuses(cls: type, what: str, img: int, patch: int, **kwargs: object) -> None:
    """cls(img_size=img, patch_size=patch, ...) raises ValueError in its constructor."""

    def construct() -> None:
        cls(img_size=img, patch_size=patch, **kwargs)
        raise CheckFailed(
            f"{what}: the constructor returned without raising ValueError ({img} is not divisible by {patch}: "
            "refuse it in __init__, before any forward)"
        )

    expect_raises(ValueError, construct, what=what)


@check("behaviour")
def test_indivisible_image_size_raises_value_error(attempt):
    for img, patch in [(30, 4), (10, 3), (7, 8)]:
        expect_constructor_refuses(
            attempt.PatchEmbed, embed_name(img, patch, 3, 8), img, patch, in_chans=3, embed_dim=8
        )
    for config in [{"img_size": 30, "patch_size": 4}, {"img_size": 33}, {"img_size": 16, "patch_size": 5}]:
        c = full(config)
        expect_constructor_refuses(attempt.ViT, vit_name(config), c["img_size"], c["patch_size"])


@check("shape")
def test_vit_output_shape(attempt):
    for i, config in enumerate([*VIT_CASES, {}]):
        c = full(config)
        model = attempt.ViT(**config).eval()
        for batch in (1, 3) if config else (2,):
            x = images(batch, c["in_chans"], c["img_size"], seed=40 + i)
            what = f"{vit_name(config)} on ({batch}, {c['in_chans']}, {c['img_size']}, {c['img_size']})"
            assert_shape(logits(model, x, what), (batch, c["num_classes"]), what)


@check("shape")
def test_cls_token_and_pos_embed_shapes(attempt):
    for config in [*VIT_CASES, {}]:
        c, n = full(config), num_patches(config)
        model = attempt.ViT(**config)
        for name, shape in (("cls_token", (1, 1, c["embed_dim"])), ("pos_embed", (1, n + 1, c["embed_dim"]))):
            value = getattr(model, name, None)
            assert_type(value, nn.Parameter, f"{vit_name(config)}.{name}")
            assert_shape(value, shape, f"{vit_name(config)}.{name}")


@check("behaviour")
def test_batch_elements_are_independent(attempt):
    for i, config in enumerate(VIT_CASES):
        c = full(config)
        model = make_vit(attempt, config, seed=50 + i)
        x = images(3, c["in_chans"], c["img_size"], seed=60 + i)
        with torch.no_grad():
            together = logits(model, x, vit_name(config))
            assert_shape(together, (3, c["num_classes"]), f"{vit_name(config)} on 3 images")
            expect(
                not torch.allclose(together[0], together[1]) or not torch.allclose(together[1], together[2]),
                f"{vit_name(config)} in eval: three different images gave the same logits: the class token never "
                "takes in the patches (attention must run over the tokens of each image: nn.MultiheadAttention and "
                "nn.TransformerEncoderLayer read (T, B, D) unless batch_first=True)",
            )
            for b in range(3):
                alone = logits(model, x[b : b + 1], vit_name(config))
                assert_shape(alone, (1, c["num_classes"]), f"{vit_name(config)} on image {b} alone, a batch of 1")
                what = f"{vit_name(config)} in eval: logits of image {b} in a batch of 3 vs on its own"
                assert_close(together[b : b + 1], alone, REDUCTION, f"{what} (do tokens mix across the batch?)")
        model.train()
        inputs = x.clone().requires_grad_()
        what = f"{vit_name(config)} in train mode on 3 images"
        out = logits(model, inputs, what)
        (grad,) = torch.autograd.grad(weighted_sum(out[0]), inputs, allow_unused=True)
        expect(grad is not None, f"{what}: the logits of image 0 do not depend on the images")
        leak = grad[1:].abs().amax().item()
        expect(
            leak == 0,
            f"{what}: the logits of image 0 depend on images 1 and 2 (gradient up to {leak:.3g}): tokens, or "
            "statistics such as BatchNorm's in train mode, mix across the batch",
        )


@check("behaviour")
def test_depth_and_num_heads_are_used(attempt):
    small = DEPTH_CASE
    sizes = []
    for depth in (1, 2, 3):
        model = attempt.ViT(**{**small, "depth": depth})
        sizes.append(sum(p.numel() for p in model.parameters()))
    per_block, outside = sizes[1] - sizes[0], 2 * sizes[0] - sizes[1]
    expect(
        sizes[1] - sizes[0] == sizes[2] - sizes[1] > 0,
        f"{vit_name({**small, 'depth': 'd'})}: expected each extra block to add the same number of parameters, got "
        f"{sizes[0]}, {sizes[1]}, {sizes[2]} parameters for depth 1, 2, 3",
    )
    expect(
        outside < per_block,
        f"{vit_name({**small, 'depth': 1})}: {sizes[0]} parameters at depth=1 and {per_block} per block leave "
        f"{outside} outside the blocks, more than a whole block holds: does depth=1 build more than one block, or do "
        "layers outside the blocks (a wide head, extra projections) hold more than one block does?",
    )
    config = VIT_CASES[0]
    c = full(config)
    x = images(2, c["in_chans"], c["img_size"], seed=65)
    outs = {}
    for heads in (1, 4):
        model = make_vit(attempt, {**config, "num_heads": heads}, seed=66)
        with torch.no_grad():
            outs[heads] = logits(model, x, vit_name({**config, "num_heads": heads}))
    expect(
        not torch.equal(outs[1], outs[4]),
        f"{vit_name({**config, 'num_heads': 'h'})}: built from the same seed, num_heads=1 and num_heads=4 give the "
        "same logits: the attention is not split into heads (or the class token never attends to the patches)",
    )


@check("behaviour", points=2)
def test_logits_come_from_the_cls_token(attempt):
    for i, config in enumerate(VIT_CASES[:2]):
        c, n = full(config), num_patches(config)
        model = make_vit(attempt, config, seed=70 + i)
        tokens = (2, n + 1, c["embed_dim"])
        seen: list[torch.Tensor] = []

        def keep_sequences(module, args, output, seen=seen, tokens=tokens):
            if isinstance(output, torch.Tensor) and tuple(output.shape) == tokens:
                seen.append(output)

        handles = [m.register_forward_hook(keep_sequences) for m in model.modules() if m is not model]
        try:
            out = logits(model, images(2, c["in_chans"], c["img_size"], seed=80 + i), vit_name(config))
        finally:
            for handle in handles:
                handle.remove()
        what = f"{vit_name(config)} in eval"
        expect(seen, f"{what}: no sub-module returned the token sequence of shape {tokens}")
        (grad,) = torch.autograd.grad(weighted_sum(out), seen[-1], allow_unused=True)
        expect(grad is not None, f"{what}: the last {tokens} output of a sub-module does not reach the logits")
        per_token = grad.abs().sum(dim=(0, 2))  # (N + 1,)
        used = [t for t in range(n + 1) if per_token[t] > 0]
        expect(
            used == [0],
            f"{what}: the logits should depend on the last encoder output only through the class token "
            f"(position 0), but they depend on token(s) {used[:6]}{' ...' if len(used) > 6 else ''} "
            "(mean pooling, or the class token at another position?)",
        )


@check("numerics", points=2)
def test_position_embeddings_line_up_with_tokens(attempt):
    config = VIT_CASES[0]
    c = full(config)
    grid, patch = c["img_size"] // c["patch_size"], c["patch_size"]
    model = make_vit(attempt, config, seed=90)
    x = images(2, c["in_chans"], c["img_size"], seed=91)
    what = f"{vit_name(config)} in eval"
    with torch.no_grad():
        base = logits(model, x, what)
        for a, b in [(1, 6), (0, 8), (4, 5)]:
            swapped = swap_patches(x, a, b, grid, patch)
            moved = logits(model, swapped, what)
            expect(
                not torch.allclose(moved, base, rtol=PERMUTED.rtol, atol=PERMUTED.atol),
                f"{what}: swapping patches {a} and {b} of the image left the logits unchanged: they do not depend "
                "on where a patch is (are the position embeddings added to the patch tokens?)",
            )
            saved = model.pos_embed.detach().clone()
            model.pos_embed[:, [a + 1, b + 1]] = saved[:, [b + 1, a + 1]]
            both = logits(model, swapped, what)
            model.pos_embed.copy_(saved)
            assert_close(
                both,
                base,
                PERMUTED,
                f"{what}: logits after swapping patches {a} and {b} together with pos_embed rows {a + 1} and {b + 1} "
                f"(row n + 1 belongs to patch n, numbered row-major over the {grid}x{grid} grid)",
            )
        shift = randn(c["embed_dim"], seed=92)
        model.cls_token += shift
        model.pos_embed[:, 0] -= shift
        assert_close(
            logits(model, x, what),
            base,
            PERMUTED,
            f"{what}: logits after adding v to cls_token and subtracting it from pos_embed[:, 0] "
            "(row 0 of pos_embed is added to the class token)",
        )


@check("gradient", points=2)
def test_every_parameter_gets_a_gradient(attempt):
    for i, config in enumerate(VIT_CASES[:2]):
        c, n = full(config), num_patches(config)
        model = make_vit(attempt, config, seed=100 + i).train()
        out = logits(model, images(3, c["in_chans"], c["img_size"], seed=110 + i), vit_name(config))
        named = [(name, p) for name, p in model.named_parameters() if p.requires_grad]
        grads = torch.autograd.grad(weighted_sum(out), [p for _, p in named], allow_unused=True)
        what = f"{vit_name(config)} in train mode"
        for name in ("cls_token", "pos_embed"):
            expect(getattr(model, name).requires_grad, f"{what}: {name} does not require grad: it must be learned")
        for (name, _), grad in zip(named, grads, strict=True):
            expect(grad is not None, f"{what}: {name} received no gradient (is it used in forward?)")
            expect(bool(torch.isfinite(grad).all()), f"{what}: the gradient of {name} is not finite")
        grad = dict(zip([name for name, _ in named], grads, strict=True))
        expect("cls_token" in grad, f"{what}: cls_token is not a trainable parameter")
        expect(bool(grad["cls_token"].ne(0).any()), f"{what}: the gradient of cls_token is all zero")
        rows = grad["pos_embed"].abs().sum(dim=(0, 2))  # (N + 1,)
        dead = [r for r in range(n + 1) if rows[r] == 0]
        expect(
            not dead,
            f"{what}: rows {dead[:6]} of pos_embed get a zero gradient (row 0 belongs to the class token, "
            "row n + 1 to patch n)",
        )
