"""Grader for question 31: TransformerClassifier ignores padding, keeps rows apart, uses positions and trains."""

import torch
import torch.nn.functional as F
from torch import nn

from grader.checks import (
    REDUCTION,
    CheckFailed,
    assert_close,
    assert_dtype,
    assert_finite,
    assert_shape,
    assert_trains,
    assert_type,
    call_pure,
    check,
    expect,
    generator,
    randn,
    weighted_sum,
)

# A small model for the behaviour checks: vocab_size, d_model and max_len all differ.
VOCAB, D_MODEL, HEADS, LAYERS, CLASSES, MAX_LEN = 29, 16, 2, 2, 3, 24


def build(attempt, pad_idx: int = 0) -> nn.Module:
    return attempt.TransformerClassifier(VOCAB, D_MODEL, HEADS, LAYERS, CLASSES, MAX_LEN, pad_idx)


def model_name(pad_idx: int = 0) -> str:
    return f"TransformerClassifier({VOCAB}, {D_MODEL}, {HEADS}, {LAYERS}, {CLASSES}, {MAX_LEN}, pad_idx={pad_idx})"


def tokens_of(lengths: list[int], t: int, pad_idx: int, seed: int, vocab: int = VOCAB) -> torch.Tensor:
    """Random real ids (never pad_idx; 0 is a real id when it is not padding), then padding after each length."""
    ids = torch.randint(0, vocab - 1, (len(lengths), t), generator=generator(seed))
    ids = ids + (ids >= pad_idx).long()
    for row, n in enumerate(lengths):
        ids[row, n:] = pad_idx
    return ids


def logits(model: nn.Module, tokens: torch.Tensor, classes: int, what: str) -> torch.Tensor:
    out = call_pure(lambda tokens: model(tokens), tokens, what=what)
    assert_type(out, torch.Tensor, what)
    assert_shape(out, (tokens.shape[0], classes), what)
    assert_dtype(out, torch.float32, what)
    assert_finite(out, what)
    return out


def call(tokens: torch.Tensor, pad_idx: int = 0, note: str = "") -> str:
    return f"{model_name(pad_idx)}(tokens of shape {tuple(tokens.shape)}){note}"


def token_embedding(model: nn.Module, vocab: int = VOCAB) -> nn.Embedding:
    found = [m for m in model.modules() if isinstance(m, nn.Embedding) and m.num_embeddings == vocab]
    expect(len(found) == 1, f"expected one nn.Embedding with vocab_size = {vocab} rows, found {len(found)}")
    return found[0]


MODES = [(True, " in eval mode"), (False, " in eval mode under torch.no_grad()")]


@check("shape")
def test_output_shapes(attempt):
    default = attempt.TransformerClassifier(50)
    for b, t in ((1, 1), (5, 7), (2, 128)):
        for train in (True, False):
            default.train(train)
            tokens = tokens_of([max(1, t - r) for r in range(b)], t, 0, seed=10 + b + t, vocab=50)
            what = f"TransformerClassifier(50)(tokens of shape {(b, t)}) in {'train' if train else 'eval'} mode"
            logits(default, tokens, 2, what)
    model = build(attempt, pad_idx=4)
    for b, t in ((1, MAX_LEN), (3, 1), (6, 9)):
        for train in (True, False):
            model.train(train)
            tokens = tokens_of([max(1, t - 2 * r) for r in range(b)], t, 4, seed=20 + b + t)
            logits(model, tokens, CLASSES, call(tokens, 4, f" in {'train' if train else 'eval'} mode"))


@check("behaviour", points=2)
def test_appended_padding_does_not_change_output(attempt):
    for pad_idx in (0, 4):
        model = build(attempt, pad_idx).eval()
        tokens = tokens_of([3, 8, 1, 5], 8, pad_idx, seed=30 + pad_idx)
        longer = torch.cat([tokens, torch.full((4, 5), pad_idx)], dim=1)
        for grad_mode, note in MODES:
            with torch.set_grad_enabled(grad_mode):
                expected = logits(model, tokens, CLASSES, call(tokens, pad_idx, note)).detach()
                what = call(longer, pad_idx, note) + " (5 more padding tokens per row)"
                assert_close(logits(model, longer, CLASSES, what).detach(), expected, REDUCTION, what)


@check("behaviour", points=2)
def test_pad_content_does_not_change_output(attempt):
    for pad_idx in (0, 4):
        model = build(attempt, pad_idx).eval()
        tokens = tokens_of([3, 8, 1, 5], 8, pad_idx, seed=40 + pad_idx)
        table = token_embedding(model)
        for grad_mode, note in MODES:
            with torch.set_grad_enabled(grad_mode):
                expected = logits(model, tokens, CLASSES, call(tokens, pad_idx, note)).detach()
                saved = table.weight.detach()[pad_idx].clone()
                with torch.no_grad():
                    table.weight[pad_idx] = 3 * torch.randn(D_MODEL, generator=generator(41 + pad_idx))
                what = call(tokens, pad_idx, note) + f" with the embedding row of pad_idx={pad_idx} changed"
                got = logits(model, tokens, CLASSES, what).detach()
                with torch.no_grad():
                    table.weight[pad_idx] = saved
                assert_close(got, expected, REDUCTION, what)


@check("behaviour", points=2)
def test_batch_elements_are_independent(attempt):
    model = build(attempt).eval()
    tokens = tokens_of([2, 9, 4, 1, 6], 9, 0, seed=50)
    what = call(tokens, note=" in eval mode")
    batched = logits(model, tokens, CLASSES, what).detach()
    for row in range(tokens.shape[0]):
        alone = logits(model, tokens[row : row + 1], CLASSES, f"{what}: row {row} alone").detach()
        assert_close(alone[0], batched[row], REDUCTION, f"{what}: row {row} alone vs in the batch")
    order = torch.tensor([3, 0, 4, 1, 2])
    shuffled = logits(model, tokens[order], CLASSES, f"{what} with the rows reordered {order.tolist()}").detach()
    assert_close(shuffled, batched[order], REDUCTION, f"{what}: rows reordered {order.tolist()}")


def encoder_outputs(lengths: list[int], t: int, mean: torch.Tensor, varied: bool, seed: int) -> torch.Tensor:
    """(B, t, D) outputs whose average over each row's first lengths[b] positions is `mean`; noise after them.

    varied: random vectors recentred on `mean`; otherwise every real position is `mean` itself.
    """
    rows = []
    for b, n in enumerate(lengths):
        real = randn(n, mean.numel(), seed=seed + b) if varied else torch.zeros(n, mean.numel())
        padding = 5 * randn(t - n, mean.numel(), seed=seed + 100 + b)
        rows.append(torch.cat([real - real.mean(0) + mean, padding]))
    return torch.stack(rows)


def with_encoder_output(model: nn.Module, tokens: torch.Tensor, replacement: torch.Tensor, what: str) -> torch.Tensor:
    """The logits when every nn.TransformerEncoder of `model` returns `replacement` instead of its own output."""
    encoders = [m for m in model.modules() if isinstance(m, nn.TransformerEncoder)]
    expect(encoders, f"{model_name()}: expected an nn.TransformerEncoder among its sub-modules, found none")
    ran = []

    def replace(module: nn.Module, args: tuple, output: torch.Tensor) -> torch.Tensor:
        expect(
            tuple(output.shape) == tuple(replacement.shape),
            f"{what}: the nn.TransformerEncoder returned shape {tuple(output.shape)}, "
            f"expected {tuple(replacement.shape)} (batch_first: (B, T, d_model))",
        )
        ran.append(module)
        return replacement.clone()

    hooks = [m.register_forward_hook(replace) for m in encoders]
    try:
        out = logits(model, tokens, CLASSES, what)
    finally:
        for hook in hooks:
            hook.remove()
    expect(ran, f"{what}: the model's nn.TransformerEncoder never ran")
    return out.detach()


@check("behaviour", points=2)
def test_pooling_is_the_masked_mean_of_the_encoder_outputs(attempt):
    model = build(attempt).eval()
    lengths, t = [2, 4, 1, 7, 5], 7
    tokens = tokens_of(lengths, t, 0, seed=55)
    mean = randn(D_MODEL, seed=56)
    what = call(
        tokens, note=" in eval mode, the encoder's output replaced: the same average over each row's real tokens"
    )
    varied = encoder_outputs(lengths, t, mean, varied=True, seed=57)  # padding positions: noise
    got = with_encoder_output(model, tokens, varied, what)
    again = with_encoder_output(model, tokens, varied, what + ", called again")
    expect(same(got, again), f"{what}: two calls gave different logits in eval mode (a dropout active in eval?)")
    constant = with_encoder_output(model, tokens, encoder_outputs(lengths, t, mean, varied=False, seed=57), what)
    for row in range(1, len(lengths)):
        compared = f"{what}: row {row} ({lengths[row]} real tokens) vs row 0 ({lengths[0]} real tokens)"
        try:
            assert_close(got[row], got[0], REDUCTION, compared)
        except CheckFailed as failure:
            if same(constant[row], constant[0]):  # rows agree when every real output is the average itself
                cause = "pooling picks or combines the real tokens other than by their average (first or last, max?)"
            else:
                cause = "pooling depends on the number of real tokens or on the padding (a sum, or a mean over all T?)"
            raise CheckFailed(f"{failure}; likely cause: {cause}") from None


def same(a: torch.Tensor, b: torch.Tensor) -> bool:
    return bool(torch.isclose(a, b, REDUCTION.rtol, REDUCTION.atol).all())


@check("behaviour")
def test_positions_are_learned(attempt):
    model = build(attempt).eval()
    tokens = tokens_of([6, 4, 7], 7, 0, seed=60)
    tokens[:, 0], tokens[:, 2] = 1, 2  # two different real tokens to swap
    what = call(tokens, note=" in eval mode")
    tables = [
        p for p in model.parameters() if p.numel() == MAX_LEN * D_MODEL and MAX_LEN in p.shape and D_MODEL in p.shape
    ]
    expect(tables, f"{model_name()}: expected a trainable ({MAX_LEN}, {D_MODEL}) position table, found none")
    trainable = [p for p in tables if p.requires_grad]
    expect(
        trainable,
        f"{model_name()}: the ({MAX_LEN}, {D_MODEL}) position table has requires_grad=False (positions are learned)",
    )
    with torch.no_grad():  # random positions, also for a table initialised to zeros
        for i, table in enumerate(trainable):
            table.copy_(randn(*table.shape, seed=61 + i))
    out = logits(model, tokens, CLASSES, what)
    loss = weighted_sum(out)
    expect(loss.requires_grad, f"{what}: the logits are not connected to the parameters (detached?)")
    grads = torch.autograd.grad(loss, trainable, allow_unused=True)
    expect(
        any(g is not None and bool(g.ne(0).any()) for g in grads),
        f"{what}: the ({MAX_LEN}, {D_MODEL}) position table got no gradient (is it added to the embeddings?)",
    )
    swapped = tokens.clone()
    swapped[:, 0], swapped[:, 2] = tokens[:, 2], tokens[:, 0]
    with torch.no_grad():
        after = logits(model, swapped, CLASSES, what + " with tokens 0 and 2 of each row swapped")
    for row in range(tokens.shape[0]):
        expect(
            bool((after[row] - out.detach()[row]).abs().max() > 1e-5),
            f"{what}: swapping tokens 0 and 2 of row {row} did not change its logits (are positions added?)",
        )


KEYWORD, KW_VOCAB, KW_LEN = 3, 12, 8


def keyword_data(n: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Label 1 when KEYWORD occurs among the real tokens; lengths 3..KW_LEN, padding 0 after them."""
    g = generator(seed)
    tokens = torch.randint(1, KW_VOCAB, (n, KW_LEN), generator=g)
    tokens[tokens == KEYWORD] = KEYWORD + 1
    lengths = torch.randint(3, KW_LEN + 1, (n,), generator=g)
    labels = torch.randint(0, 2, (n,), generator=g)
    where = (torch.rand(n, generator=g) * lengths).long()
    positive = labels == 1
    tokens[positive, where[positive]] = KEYWORD
    tokens[torch.arange(KW_LEN)[None, :] >= lengths[:, None]] = 0
    return tokens, labels


@check("behaviour", points=2)
def test_trains_on_keyword_task(attempt):
    model = attempt.TransformerClassifier(KW_VOCAB, 32, 4, 1, 2, 16, 0)
    what = f"TransformerClassifier({KW_VOCAB}, 32, 4, 1, 2, 16, 0) on the keyword task"
    inputs, targets = keyword_data(64, seed=70)
    assert_trains(model, lambda step: (inputs, targets), F.cross_entropy, max_loss=0.5, steps=30, lr=3e-3, what=what)
    model.eval()
    test_inputs, test_targets = keyword_data(256, seed=71)
    with torch.no_grad():
        loss = F.cross_entropy(logits(model, inputs, 2, what + ": eval on the training set"), targets).item()
        predicted = logits(model, test_inputs, 2, what + ": eval on new sequences").argmax(dim=1)
    expect(
        loss <= 0.2,
        f"{what}: after 30 steps the cross-entropy of the outputs on the training set (eval mode) is {loss:.3f}, "
        "expected <= 0.2 (forward must return logits: a softmax output cannot go below 0.31)",
    )
    accuracy = (predicted == test_targets).float().mean().item()
    expect(accuracy >= 0.9, f"{what}: expected at least 90% accuracy on new sequences, got {accuracy:.1%}")
