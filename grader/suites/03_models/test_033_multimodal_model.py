"""Grader for question 33: ImageTextClassifier uses both inputs, ignores padding and keeps samples apart."""

import torch
from torch import nn

from grader.checks import (
    REDUCTION,
    assert_close,
    assert_dtype,
    assert_shape,
    assert_type,
    call_pure,
    check,
    expect,
    generator,
    randn,
    weighted_sum,
)

VOCAB, CLASSES, EMBED = 23, 4, 12


def build(attempt, pad_idx: int = 0) -> nn.Module:
    return attempt.ImageTextClassifier(VOCAB, CLASSES, embed_dim=EMBED, pad_idx=pad_idx)


def images(b: int, h: int, w: int, seed: int) -> torch.Tensor:
    return randn(b, 3, h, w, seed=seed)


def tokens_of(lengths: list[int], t: int, pad_idx: int, seed: int) -> torch.Tensor:
    """Random real ids (never pad_idx, 0 included when it is not padding), then padding after each length."""
    ids = torch.randint(0, VOCAB - 1, (len(lengths), t), generator=generator(seed))
    ids = ids + (ids >= pad_idx).long()  # skip pad_idx
    for row, n in enumerate(lengths):
        ids[row, n:] = pad_idx
    return ids


def call(image: torch.Tensor, tokens: torch.Tensor, pad_idx: int = 0, note: str = "") -> str:
    return (
        f"ImageTextClassifier({VOCAB}, {CLASSES}, embed_dim={EMBED}, pad_idx={pad_idx})(image of shape "
        f"{tuple(image.shape)}, tokens of shape {tuple(tokens.shape)}){note}"
    )


def logits(model: nn.Module, image: torch.Tensor, tokens: torch.Tensor, what: str) -> torch.Tensor:
    out = call_pure(lambda image, tokens: model(image, tokens), image, tokens, what=what)
    assert_type(out, torch.Tensor, what)
    assert_shape(out, (image.shape[0], CLASSES), what)
    assert_dtype(out, torch.float32, what)
    return out


def embeddings(model: nn.Module) -> list[nn.Module]:
    found = [m for m in model.modules() if isinstance(m, (nn.Embedding, nn.EmbeddingBag)) and m.num_embeddings == VOCAB]
    expect(found, f"ImageTextClassifier: expected an nn.Embedding with {VOCAB} rows (vocab_size), found none")
    return found


def differs(a: torch.Tensor, b: torch.Tensor) -> bool:
    return bool((a - b).abs().max() > 1e-5)


@check("shape")
def test_output_shapes(attempt):
    model = build(attempt)
    for i, (h, w) in enumerate([(16, 16), (17, 23), (32, 20), (40, 31)]):
        for b, train in ((1, False), (3, True)):
            model.train(train)
            for t in (1, 6):
                image, tokens = (
                    images(b, h, w, seed=10 + i),
                    tokens_of([1 + (r * 3) % t for r in range(b)], t, 0, 20 + i),
                )
                mode = "train" if train else "eval"
                logits(model, image, tokens, call(image, tokens, note=f" in {mode} mode"))
    model.eval()
    tokens = tokens_of([3, 5], 5, 0, seed=31)
    channels_last = randn(2, 24, 18, 3, seed=30).permute(0, 3, 1, 2)
    transposed = randn(2, 3, 18, 24, seed=32).transpose(2, 3)  # H and W swapped in memory
    for image, layout in ((channels_last, "channels-last"), (transposed, "H/W-transposed")):
        logits(model, image, tokens, call(image, tokens, note=f" with a non-contiguous ({layout}) image"))


@check("gradient", points=2)
def test_image_influences_output(attempt):
    model = build(attempt).eval()
    image, tokens = images(4, 20, 24, seed=40), tokens_of([3, 6, 1, 4], 6, 0, seed=41)
    what = call(image, tokens, note=" in eval mode")
    leaf = image.clone().requires_grad_()
    out = logits(model, leaf, tokens, what)
    loss = weighted_sum(out)
    expect(loss.requires_grad, f"{what}: the logits are not connected to the graph (detached?)")
    (grad,) = torch.autograd.grad(loss, [leaf], allow_unused=True)
    expect(grad is not None, f"{what}: no gradient reached the image (is the image branch detached or unused?)")
    per_sample = grad.abs().flatten(1).sum(1)
    for row, value in enumerate(per_sample.tolist()):
        expect(value > 0, f"{what}: the gradient with respect to image[{row}] is all zero")
    changed = image.clone()
    changed[2] = randn(3, 20, 24, seed=42)
    with torch.no_grad():
        before, after = out.detach(), logits(model, changed, tokens, what + " with image[2] replaced")
    expect(differs(after[2], before[2]), f"{what}: replacing image[2] did not change its logits")


@check("gradient", points=2)
def test_text_influences_output(attempt):
    for pad_idx in (0, 5):
        model = build(attempt, pad_idx).eval()
        image, tokens = images(4, 20, 24, seed=50), tokens_of([3, 6, 1, 4], 6, pad_idx, seed=51)
        tokens[0, :2] = torch.tensor([0, 1]) if pad_idx else torch.tensor([1, 2])  # ids below pad_idx are real too
        what = call(image, tokens, pad_idx, note=" in eval mode")
        tables = embeddings(model)
        for m in tables:
            expect(m.weight.requires_grad, f"{what}: the embedding weights do not require grad (frozen embedding?)")
        out = logits(model, image, tokens, what)
        loss = weighted_sum(out)
        expect(loss.requires_grad, f"{what}: the logits are not connected to the graph (detached?)")
        grads = torch.autograd.grad(loss, [m.weight for m in tables], allow_unused=True)
        expect(any(g is not None for g in grads), f"{what}: no gradient reached the embedding weights")
        total = sum(g.abs().sum(dim=1) for g in grads if g is not None)  # (VOCAB,)
        for token in sorted(set(tokens[tokens != pad_idx].tolist())):
            expect(
                total[token] > 0,
                f"{what}: the embedding row of real token {token} got a zero gradient (is it treated as padding?)",
            )
        changed = tokens.clone()
        changed[1, 2] = 0 if pad_idx else (tokens[1, 2] % (VOCAB - 1)) + 1  # another real id
        with torch.no_grad():
            after = logits(model, image, changed, what + f" with tokens[1, 2] changed to {int(changed[1, 2])}")
        expect(
            differs(after[1], out.detach()[1]),
            f"{what}: changing the real token tokens[1, 2] to {int(changed[1, 2])} did not change row 1",
        )


@check("behaviour", points=2)
def test_padding_does_not_change_output(attempt):
    for pad_idx in (0, 5):
        model = build(attempt, pad_idx).eval()
        image, tokens = images(4, 18, 21, seed=60 + pad_idx), tokens_of([3, 6, 1, 4], 6, pad_idx, seed=61 + pad_idx)
        longer = torch.cat([tokens, torch.full((4, 3), pad_idx)], dim=1)
        for grad_mode in (True, False):
            note = " in eval mode" + ("" if grad_mode else " under torch.no_grad()")
            with torch.set_grad_enabled(grad_mode):
                expected = logits(model, image, tokens, call(image, tokens, pad_idx, note)).detach()
                what = call(image, longer, pad_idx, note) + " (3 more padding tokens per row)"
                assert_close(logits(model, image, longer, what).detach(), expected, REDUCTION, what)


@check("behaviour", points=2)
def test_batch_elements_are_independent(attempt):
    model = build(attempt).eval()
    lengths = [2, 7, 4, 1, 5]
    image, tokens = images(5, 19, 22, seed=70), tokens_of(lengths, 7, 0, seed=71)
    what = call(image, tokens, note=" in eval mode")
    with torch.no_grad():
        batched = logits(model, image, tokens, what)
        for row in range(5):
            alone = logits(model, image[row : row + 1], tokens[row : row + 1], f"{what}: row {row} alone")
            assert_close(alone[0], batched[row], REDUCTION, f"{what}: row {row} alone vs in the batch")
        order = torch.tensor([3, 0, 4, 1, 2])
        shuffled = logits(model, image[order], tokens[order], f"{what} with the rows reordered {order.tolist()}")
        assert_close(shuffled, batched[order], REDUCTION, f"{what}: rows reordered {order.tolist()}")


@check("behaviour")
def test_eval_output_is_deterministic(attempt):
    model = build(attempt).eval()
    image, tokens = images(3, 16, 20, seed=80), tokens_of([4, 2, 5], 5, 0, seed=81)
    what = call(image, tokens, note=" in eval mode, called twice")
    with torch.no_grad():
        first = logits(model, image, tokens, what)
        second = logits(model, image, tokens, what)
    assert_close(second, first, REDUCTION, what)
