"""Grader for question 26: BinaryMLP returns (B,) logits, dropout follows the mode, train_binary learns a circle."""

import itertools
import math

import torch
from torch import nn

from grader.checks import (
    EXACT,
    assert_close,
    assert_shape,
    assert_tensor,
    assert_type,
    call,
    call_pure,
    check,
    describe,
    expect,
    generator,
    randn,
    scramble_global_rng,
)

# (in_features, hidden): the default widths, one hidden layer, three, none (logistic regression).
ARCHITECTURES = [(5, (64, 32)), (3, (5,)), (1, (12, 9, 6)), (7, ())]
# Correct models end near 0.01 or below on the circle set; a bounded output (ReLU, tanh, sigmoid) stays above 0.3.
MAX_FINAL_LOSS = 0.1


def build(
    attempt, in_features: int, hidden: tuple[int, ...] | None = None, dropout: float | None = None, seed: int = 0
):
    kwargs = {k: v for k, v in (("hidden", hidden), ("dropout", dropout)) if v is not None}
    shown = ", ".join([str(in_features), *(f"{k}={v!r}" for k, v in kwargs.items())])
    what = f"BinaryMLP({shown})"
    torch.manual_seed(seed)
    model = call(attempt.BinaryMLP, in_features, what=what, **kwargs)
    assert_type(model, nn.Module, what)
    return model, what


def forward(model: nn.Module, x: torch.Tensor, what: str) -> torch.Tensor:
    shown = f"{what}(x of shape {tuple(x.shape)}) in {'train' if model.training else 'eval'} mode"
    return assert_tensor(call_pure(model, x, what=shown), shown)


def circle(n: int, seed: int, features: int = 4) -> tuple[torch.Tensor, torch.Tensor]:
    """Points inside (0) or outside (1) the circle |x[:2]|^2 = 1.4, with a margin; the other features are noise."""
    x = torch.randn(4 * n, features, generator=generator(seed))
    r2 = (x[:, :2] ** 2).sum(dim=1)
    keep = (r2 - 1.4).abs() > 0.35
    return x[keep][:n], (r2[keep][:n] > 1.4).float()


def train(attempt, model: nn.Module, X: torch.Tensor, y: torch.Tensor, what: str, **kwargs: object) -> list:
    losses = call_pure(attempt.train_binary, model, X, y, what=what, **kwargs)
    assert_type(losses, list, what)
    epochs = kwargs.get("epochs", 200)
    expect(len(losses) == epochs, f"{what}: expected {epochs} losses (one per epoch), got {len(losses)}")
    for i, loss in enumerate(losses):
        expect(isinstance(loss, float), f"{what}: loss of epoch {i} should be a Python float, got {describe(loss)}")
        expect(math.isfinite(loss), f"{what}: loss of epoch {i} is {loss}")
    return losses


def accuracy(model: nn.Module, X: torch.Tensor, y: torch.Tensor, what: str) -> float:
    model.eval()
    with torch.no_grad():
        logits = assert_tensor(model(X), f"{what}: the trained model's output")
    assert_shape(logits, y.shape, f"{what}: the trained model's output")
    return float(((logits > 0).float() == y).float().mean())


@check("shape")
def test_output_shape(attempt):
    for in_features, hidden in ARCHITECTURES:
        model, what = build(attempt, in_features, hidden)
        for b in (1, 7, 32):
            x = randn(b, in_features, seed=10 + b)
            for mode in (model.eval, model.train):
                mode()
                assert_shape(forward(model, x, what), (b,), f"{what}(x of shape {(b, in_features)})")
    model, what = build(attempt, 6)
    model.eval()
    assert_shape(forward(model, randn(3, 6, seed=20), what), (3,), f"{what}(x of shape (3, 6))")


@check("behaviour")
def test_layers_follow_hidden(attempt):
    for in_features, hidden in [*ARCHITECTURES, (9, (4, 11))]:
        model, what = build(attempt, in_features, hidden)
        widths = [in_features, *hidden, 1]
        expected = sum(a * b + b for a, b in itertools.pairwise(widths))
        got = sum(p.numel() for p in model.parameters())
        layers = " -> ".join(map(str, widths))
        expect(
            got == expected,
            f"{what}: expected {expected} parameters (Linear layers {layers}, weights and biases), got {got}",
        )
    model, _ = build(attempt, 10)
    got = sum(p.numel() for p in model.parameters())
    expected = 10 * 64 + 64 + 64 * 32 + 32 + 32 + 1
    expect(got == expected, f"BinaryMLP(10) (hidden=(64, 32) by default): expected {expected} parameters, got {got}")


@check("behaviour")
def test_outputs_are_logits(attempt):
    smallest = []
    for seed, (in_features, hidden) in enumerate(ARCHITECTURES):
        model, what = build(attempt, in_features, hidden, seed=seed)
        model.eval()
        out = forward(model, randn(256, in_features, seed=30 + seed) * 10, what)
        inside = bool(((out > 0) & (out < 1)).all())
        expect(
            not inside,
            f"{what} on 256 inputs of scale 10: every output lies in (0, 1) (from {out.min().item():.4g} to "
            f"{out.max().item():.4g}), which looks like probabilities; return the raw logits (no sigmoid)",
        )
        smallest.append(out.min().item())
    shown = ", ".join(f"{hidden!r}: {low:.4g}" for (_, hidden), low in zip(ARCHITECTURES, smallest, strict=True))
    expect(
        min(smallest) < 0,
        f"BinaryMLP on 256 inputs of scale 10: no output is negative (smallest output for hidden = {shown}); "
        "logits take both signs, so nothing (no ReLU, no sigmoid) may follow the last Linear",
    )


@check("behaviour", points=2)
def test_dropout_active_in_train_and_off_in_eval(attempt):
    x = randn(16, 10, seed=40)
    model, what = build(attempt, 10, (64, 32), dropout=0.5)
    model.train()
    first, second = forward(model, x, what), forward(model, x, what)
    expect(
        not torch.equal(first, second),
        f"{what}: two forward passes in train mode gave the same output; dropout should drop different units",
    )
    model.eval()
    evaluated = forward(model, x, what)
    scramble_global_rng()
    assert_close(forward(model, x, what), evaluated, EXACT, f"{what} in eval mode, called twice")
    expect(
        not torch.equal(first, evaluated),
        f"{what}: the output in train mode equals the output in eval mode; dropout is not active in train mode",
    )
    for dropout in (None, 0.0):
        model, what = build(attempt, 10, (64, 32), dropout=dropout)
        model.eval()
        evaluated = forward(model, x, what)
        model.train()
        assert_close(
            forward(model, x, what), evaluated, EXACT, f"{what} in train mode vs eval mode (no dropout: the same)"
        )


@check("behaviour")
def test_dropout_only_after_hidden_activations(attempt):
    x = randn(64, 7, seed=45)
    model, what = build(attempt, 7, (), dropout=0.5)
    model.train()
    first = forward(model, x, what)
    scramble_global_rng()
    assert_close(
        forward(model, x, what),
        first,
        EXACT,
        f"{what} in train mode, called twice (no hidden layer, so no dropout: dropout on the input or the logit?)",
    )
    model, what = build(attempt, 7, (16, 64), dropout=0.5)  # 64 last units: none left is all but impossible
    model.eval()
    if bool((forward(model, x, what) == 0).any()):
        return  # zeros in eval mode too come from something other than dropout: outputs_are_logits reports it
    model.train()
    dropped = int((forward(model, x, what) == 0).sum())
    expect(
        dropped == 0,
        f"{what}: {dropped} of 64 logits are exactly 0 in train mode and none in eval mode; dropout follows the "
        "hidden activations only, never the last Linear's output",
    )


def linear_calls(model: nn.Module, x: torch.Tensor, what: str, replace: dict | None = None) -> list:
    """(input, output) of every nn.Linear in the order forward runs them; `replace`: call index -> output to use."""
    calls: list[tuple[torch.Tensor, torch.Tensor]] = []

    def hook(module: nn.Module, args: tuple, output: torch.Tensor) -> torch.Tensor | None:
        index = len(calls)
        calls.append((args[0].detach().clone(), output.detach().clone()))
        return None if replace is None or index not in replace else replace[index].clone()

    hooks = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, nn.Linear)]
    try:
        forward(model, x, what)
    finally:
        for h in hooks:
            h.remove()
    return calls


@check("behaviour")
def test_dropout_after_every_hidden_layer(attempt):
    hidden = (32, 48, 40)
    x = randn(64, 6, seed=47)
    model, what = build(attempt, 6, hidden, dropout=0.5)
    model.eval()
    evaluated = linear_calls(model, x, what)
    if len(evaluated) != len(hidden) + 1:
        return  # layers not built from nn.Linear modules: the other dropout checks judge them
    model.train()
    # Every Linear's output is replaced by its eval-mode output, so what reaches the next Linear differs
    # from eval mode only by what lies between the two: the activation and the dropout of that hidden layer.
    trained = linear_calls(model, x, what, replace={i: out for i, (_, out) in enumerate(evaluated)})
    for layer in range(1, len(hidden) + 1):
        before, after = evaluated[layer][0], trained[layer][0]
        dropped = int(((before != 0) & (after == 0)).sum())
        expect(
            dropped > 0,
            f"{what} in train mode: nothing was dropped between Linear {layer} and Linear {layer + 1} (hidden layer "
            f"{layer} of {len(hidden)}, width {hidden[layer - 1]}); each hidden activation is followed by dropout",
        )


@check("behaviour")
def test_train_binary_returns_one_float_per_epoch(attempt):
    X, y = circle(64, seed=50)
    for epochs in (7, 1):
        model, _ = build(attempt, 4, (8,), seed=1)
        train(attempt, model, X, y, f"train_binary(model, X (64, 4), y, epochs={epochs})", epochs=epochs)


@check("behaviour")
def test_train_binary_uses_lr(attempt):
    X, y = circle(64, seed=55)
    model, _ = build(attempt, 4, (8,), seed=4)
    before = {name: p.detach().clone() for name, p in model.named_parameters()}
    what = "train_binary(BinaryMLP(4, hidden=(8,)), X (64, 4), y, epochs=3, lr=0.0)"
    train(attempt, model, X, y, what, epochs=3, lr=0.0)
    for name, p in model.named_parameters():
        assert_close(
            p.detach(), before[name], EXACT, f"{what}: parameter {name} (Adam with learning rate lr=0 moves nothing)"
        )


@check("numerics")
def test_train_binary_losses_are_epoch_means(attempt):
    X, y = circle(128, seed=58)  # 128 rows: mini-batches of any power-of-two size split it evenly
    model, _ = build(attempt, 4, (8,), seed=7)
    with torch.no_grad():  # larger weights spread the per-row losses, so a part of the set shows as its own mean
        for p in model.parameters():
            p.mul_(3.0)
    what = "train_binary(BinaryMLP(4, hidden=(8,)), X (128, 4), y, epochs=5, lr=0.0)"
    losses = train(attempt, model, X, y, what, epochs=5, lr=0.0)
    model.train()
    with torch.no_grad():
        logits = assert_tensor(model(X), f"{what}: the model's output after training")
    expected = nn.functional.binary_cross_entropy_with_logits(logits, y).item()
    for epoch, loss in enumerate(losses):
        expect(
            math.isclose(loss, expected, rel_tol=1e-4, abs_tol=1e-5),
            f"{what}: the loss of epoch {epoch} is {loss:.6g}, expected {expected:.6g}: with lr=0 the model never "
            "changes, so each epoch's loss is BCEWithLogitsLoss (the mean over the rows) of that model on the whole "
            "set (a sum, or the last mini-batch's loss alone, is not the epoch's loss; with a short last mini-batch, "
            "the mean of the batches' means is not either: weight each batch's loss by its number of rows)",
        )


@check("behaviour")
def test_train_binary_applies_no_weight_decay(attempt):
    X, y = circle(64, seed=56)
    X[:, 3] = 0.0  # feature 3 is 0 in every row: its weight gets no gradient, so Adam never moves it
    model, _ = build(attempt, 4, (), seed=6)
    weights = [p for p in model.parameters() if p.numel() == 4]
    expect(len(weights) == 1, "BinaryMLP(4, hidden=()): expected one weight of 4 values (Linear 4 -> 1)")
    before = weights[0].detach().reshape(-1)[3].item()
    what = "train_binary(BinaryMLP(4, hidden=()), X (64, 4) whose feature 3 is 0 in every row, y, epochs=30)"
    train(attempt, model, X, y, what, epochs=30)
    after = weights[0].detach().reshape(-1)[3].item()
    expect(
        after == before,
        f"{what}: the weight of feature 3 went from {before:.6g} to {after:.6g}, although it never receives a "
        "gradient; Adam leaves it alone, weight decay (AdamW, or weight_decay=...) moves it: train with plain Adam",
    )


@check("behaviour")
def test_train_binary_trains_in_train_mode(attempt):
    X, y = circle(64, seed=57)
    model, _ = build(attempt, 4, (8,), dropout=0.5, seed=5)
    model.eval()  # as a caller leaves it after measuring accuracy
    what = "train_binary(BinaryMLP(4, hidden=(8,), dropout=0.5) in eval mode, X (64, 4), y, epochs=2)"
    modes: list[bool] = []
    hooks = [m.register_forward_pre_hook(lambda *_: modes.append(model.training)) for m in model.modules()]
    before = [p.detach().clone() for p in model.parameters()]
    try:
        train(attempt, model, X, y, what, epochs=2)
    finally:
        for hook in hooks:
            hook.remove()
    expect(
        any(not torch.equal(p.detach(), b) for p, b in zip(model.parameters(), before, strict=True)),
        f"{what}: no parameter of the model passed in changed; train `model` itself (not a copy of it)",
    )
    expect(
        not modes or any(modes),
        f"{what}: the model stayed in eval mode while training, so dropout never acted; put it in train mode first",
    )


@check("behaviour", points=3)
def test_trains_on_a_separable_set(attempt):
    X, y = circle(240, seed=60)
    model, _ = build(attempt, 4, seed=2)
    what = "train_binary(BinaryMLP(4), X (240, 4), y) with the default 200 epochs, lr=1e-2"
    losses = train(attempt, model, X, y, what)
    expect(
        losses[-1] <= MAX_FINAL_LOSS,
        f"{what}: the loss went from {losses[0]:.4g} to {losses[-1]:.4g}, needs <= {MAX_FINAL_LOSS} by the last epoch",
    )
    acc = accuracy(model, X, y, what)
    expect(
        acc >= 0.95,
        f"{what}: training accuracy {acc:.1%} (logit > 0 as the prediction, model in eval mode), needs >= 95%",
    )


@check("dtype")
def test_train_binary_accepts_integer_labels(attempt):
    X, y = circle(120, seed=70)
    model, _ = build(attempt, 4, (16,), seed=3)
    what = "train_binary(BinaryMLP(4, hidden=(16,)), X (120, 4), y of int64 labels, epochs=60)"
    losses = train(attempt, model, X, y.long(), what, epochs=60)
    expect(losses[-1] < losses[0], f"{what}: the loss went from {losses[0]:.4g} to {losses[-1]:.4g}")
