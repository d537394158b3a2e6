"""Grader for question 39: label-smoothing cross-entropy equal to F.cross_entropy, and a clean train step."""

import copy
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

from grader.checks import (
    FLOAT64,
    REDUCTION,
    assert_close,
    assert_dtype,
    assert_grads_match,
    assert_shape,
    assert_tensor,
    assert_type,
    call_pure,
    check,
    describe,
    expect,
    forbid,
    generator,
    randn,
)

# F.cross_entropy calls torch._C._nn.cross_entropy_loss, a name of its own (not an alias): forbidden by name,
# and the ATen operator of that name with it.
forbid("F.cross_entropy", "nn.CrossEntropyLoss", "torch._C._nn.cross_entropy_loss", "torch.ops.aten.cross_entropy_loss")

# (N, C): a single row, odd N, two classes, many classes.
SHAPES = [(6, 5), (1, 4), (7, 2), (3, 11), (9, 3)]
SMOOTHINGS = [0.0, 0.1, 0.3, 1.0]
OTHER_CLASSES_ONLY = "the smoothing went to the C - 1 other classes only (PyTorch spreads s / C over all C classes)"


def make_case(n: int, c: int, seed: int, ignore_index: int = -100, ignored: tuple[int, ...] = ()) -> tuple:
    """Logits (N, C) of scale 2 and valid targets, with the rows in `ignored` set to ignore_index."""
    logits = randn(n, c, seed=seed) * 2
    target = torch.randint(0, c, (n,), generator=generator(seed + 500))
    for row in ignored:
        target[row] = ignore_index
    return logits, target


def call_name(logits: torch.Tensor, target: torch.Tensor, **kwargs: object) -> str:
    args = ", ".join(f"{k}={v}" for k, v in kwargs.items())
    shown = f"target={target.tolist()}" if target.numel() <= 12 else f"target of shape {tuple(target.shape)}"
    layout = "" if logits.is_contiguous() else ", non-contiguous"
    return f"LabelSmoothingCrossEntropy({args})(logits of shape {tuple(logits.shape)}{layout}, {shown})"


def attempt_loss(attempt, logits: torch.Tensor, target: torch.Tensor, **kwargs: object) -> tuple[torch.Tensor, str]:
    """The attempt's loss for these inputs (checked to leave them unchanged) and a description of the call."""
    what = call_name(logits, target, **kwargs)
    loss_fn = attempt.LabelSmoothingCrossEntropy(**kwargs)
    out = call_pure(lambda logits, target: loss_fn(logits, target), logits, target, what=what)
    return assert_tensor(out, what), what


def expected_loss(logits: torch.Tensor, target: torch.Tensor, smoothing: float = 0.1, ignore_index: int = -100):
    return F.cross_entropy(logits, target, label_smoothing=smoothing, ignore_index=ignore_index)


def spread_over_wrong_classes(logits: torch.Tensor, target: torch.Tensor, smoothing: float) -> torch.Tensor:
    """The other common convention: 1 - s on the true class and s / (C - 1) on each of the others."""
    log_probs = logits.log_softmax(-1)
    true = log_probs.gather(-1, target.unsqueeze(-1)).squeeze(-1)
    others = (log_probs.sum(-1) - true) / (logits.shape[-1] - 1)
    return -((1 - smoothing) * true + smoothing * others).mean()


def kept_mean_over_all_rows(logits: torch.Tensor, target: torch.Tensor, smoothing: float, ignore_index: int):
    per_row = F.cross_entropy(logits, target, label_smoothing=smoothing, ignore_index=ignore_index, reduction="none")
    return per_row.sum() / target.numel()


def smoothing_term_of_every_row(logits: torch.Tensor, target: torch.Tensor, smoothing: float, ignore_index: int):
    keep = target != ignore_index
    log_probs = logits.log_softmax(-1)
    nll = -log_probs.gather(-1, target.masked_fill(~keep, 0).unsqueeze(-1)).squeeze(-1)[keep].mean()
    return (1 - smoothing) * nll + smoothing * (-log_probs.mean(-1)).mean()


@check("shape")
def test_loss_is_a_scalar(attempt):
    for i, (n, c) in enumerate(SHAPES):
        logits, target = make_case(n, c, seed=10 + i)
        out, what = attempt_loss(attempt, logits, target)
        assert_shape(out, (), what)


@check("dtype")
def test_loss_keeps_the_logits_dtype(attempt):
    logits, target = make_case(5, 4, seed=20)
    out, what = attempt_loss(attempt, logits, target, smoothing=0.2)
    assert_dtype(out, torch.float32, what)
    logits = logits.double() + 100  # float32 keeps about 6 digits of 100 + x: a float32 computation shows here
    out, what = attempt_loss(attempt, logits, target, smoothing=0.2)
    assert_close(
        out, expected_loss(logits, target, 0.2), FLOAT64,
        f"{what} in float64, logits around 100 (computed in float32 and cast back, it loses these digits)",
    )  # fmt: skip


@check("numerics", points=3)
def test_matches_cross_entropy(attempt):
    for i, (n, c) in enumerate(SHAPES):
        for j, smoothing in enumerate(SMOOTHINGS):
            logits, target = make_case(n, c, seed=30 + 10 * i + j)
            if j == 1:
                logits = logits.T.contiguous().T  # same values, non-contiguous (C, N) storage
            out, what = attempt_loss(attempt, logits, target, smoothing=smoothing)
            causes = {
                OTHER_CLASSES_ONLY: spread_over_wrong_classes(logits, target, smoothing),
                "the smoothing term is missing (this is plain cross-entropy)": F.cross_entropy(logits, target),
                "the rows were summed, not averaged": expected_loss(logits, target, smoothing) * n,
            }
            assert_close(out, expected_loss(logits, target, smoothing), REDUCTION, what, causes=causes)
        logits, target = make_case(n, c, seed=80 + i)
        out, what = attempt_loss(attempt, logits, target)  # defaults: smoothing=0.1, ignore_index=-100
        assert_close(out, expected_loss(logits, target), REDUCTION, what)


@check("numerics")
def test_large_logits_stay_finite(attempt):
    logits, target = make_case(5, 4, seed=90)
    logits[0, 1], logits[2, target[2]], logits[3, (target[3] + 1) % 4], logits[4] = 200.0, -200.0, 200.0, -200.0
    logits[1] = torch.tensor([200.0, -200.0, 150.0, -150.0])
    for smoothing in (0.0, 0.1):
        out, what = attempt_loss(attempt, logits, target, smoothing=smoothing)
        assert_shape(out, (), what)
        expect(
            bool(torch.isfinite(out.detach()).all()),
            f"{what} with logits of +-200: expected a finite loss, got {out.item()} "
            "(exp() overflows and log(softmax(...)) underflows to log(0) = -inf at this scale; log_softmax does not)",
        )
        assert_close(out, expected_loss(logits, target, smoothing), REDUCTION, what)


@check("numerics", points=2)
def test_ignored_rows_are_left_out(attempt):
    cases = [  # (N, C, ignore_index, ignored rows): the default, a valid class index, -1, the first and last rows
        (6, 5, -100, (1, 4)),
        (7, 5, 3, (0, 2, 6)),
        (5, 3, -1, (4,)),
        (4, 2, 0, (3,)),
        (8, 4, -100, (0, 1, 2, 3, 4, 5, 6)),
    ]
    for i, (n, c, ignore_index, ignored) in enumerate(cases):
        logits, target = make_case(n, c, seed=100 + i, ignore_index=ignore_index, ignored=ignored)
        for smoothing in (0.0, 0.2):
            kwargs = {"smoothing": smoothing, "ignore_index": ignore_index}
            out, what = attempt_loss(attempt, logits, target, **kwargs)
            causes = {
                "the mean divides by all N rows, ignored ones included": kept_mean_over_all_rows(
                    logits, target, smoothing, ignore_index
                ),
                "ignored rows still add their smoothing term": smoothing_term_of_every_row(
                    logits, target, smoothing, ignore_index
                ),
            }
            assert_close(out, expected_loss(logits, target, **kwargs), REDUCTION, what, causes=causes)


@check("behaviour")
def test_all_ignored_batch_gives_zero(attempt):
    for i, (n, c, ignore_index, smoothing) in enumerate([(4, 3, -100, 0.1), (1, 5, 2, 0.0), (3, 4, -1, 0.3)]):
        logits, target = make_case(n, c, seed=120 + i, ignore_index=ignore_index, ignored=tuple(range(n)))
        logits.requires_grad_()
        out, what = attempt_loss(attempt, logits, target, smoothing=smoothing, ignore_index=ignore_index)
        what = f"{what} (every row ignored)"
        assert_shape(out, (), what)
        expect(out.item() == 0.0, f"{what}: expected a loss of exactly 0, got {out.item():.6g}")
        expect(out.requires_grad, f"{what}: the loss must still backpropagate, got a tensor with requires_grad=False")
        (grad,) = torch.autograd.grad(out, logits, allow_unused=True)
        expect(
            grad is not None,
            f"{what}: backward gives the logits no gradient at all (a new tensor with requires_grad=True is not "
            "connected to them): return a 0 computed from the logits",
        )
        expect(
            bool((grad == 0).all()),
            f"{what}: expected a zero gradient, got values up to {grad.abs().nan_to_num(float('inf')).max():.3g}",
        )


@check("gradient", points=2)
def test_gradients_match_cross_entropy(attempt):
    cases = [(6, 5, -100, (2,), 0.1), (1, 4, -100, (), 0.3), (7, 3, 1, (0, 5), 0.0), (9, 2, -1, (8,), 1.0)]
    for i, (n, c, ignore_index, ignored, smoothing) in enumerate(cases):
        logits, target = make_case(n, c, seed=140 + i, ignore_index=ignore_index, ignored=ignored)
        kwargs = {"smoothing": smoothing, "ignore_index": ignore_index}
        loss_fn = attempt.LabelSmoothingCrossEntropy(**kwargs)
        assert_grads_match(
            lambda logits, target, loss_fn=loss_fn: loss_fn(logits, target),
            lambda logits, target, kwargs=kwargs: expected_loss(logits, target, **kwargs),
            {"logits": logits, "target": target},
            what=call_name(logits, target, **kwargs),
        )


# --- train_step ------------------------------------------------------------------------------------


def tiny_classifier(seed: int) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(5, 8), nn.Tanh(), nn.Dropout(0.0), nn.Linear(8, 4))


def step_batch(seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    inputs = randn(7, 5, seed=seed)
    targets = torch.randint(0, 4, (7,), generator=generator(seed + 1))
    targets[3] = -100
    return inputs, targets


def fill_stale_grads(model: nn.Module, seed: int) -> None:
    for i, p in enumerate(model.parameters()):
        p.grad = randn(*p.shape, seed=seed + i)


def sgd(model: nn.Module) -> torch.optim.Optimizer:
    return torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)


def params_after(model: nn.Module, batch: tuple, loss_fn: Callable, *, clear: bool = True, steps: int = 1) -> dict:
    """The parameters after a hand-made training step: the expected one, or a known wrong variant."""
    original, model = model, copy.deepcopy(model)
    for p, q in zip(original.parameters(), model.parameters(), strict=True):
        q.grad = None if p.grad is None else p.grad.clone()  # deepcopy leaves .grad behind
    optimizer = sgd(model)
    if clear:
        optimizer.zero_grad()
    loss_fn(model(batch[0]), batch[1]).backward()
    for _ in range(steps):
        optimizer.step()
    return {k: v.detach().clone() for k, v in model.named_parameters()}


@check("behaviour")
def test_train_step_returns_the_loss_as_a_float(attempt, reference):
    model, batch = tiny_classifier(seed=200), step_batch(seed=201)
    loss_fn = reference.LabelSmoothingCrossEntropy(0.1)
    with torch.no_grad():
        expected = loss_fn(model(batch[0]), batch[1]).item()
    out = attempt.train_step(model, batch, loss_fn, sgd(model))
    assert_type(out, float, "train_step(model, (inputs, targets), loss_fn, optimizer)")
    assert_close(out, expected, REDUCTION, "train_step(...): the returned loss (computed before the step)")


@check("numerics", points=2)
def test_train_step_makes_one_clean_optimizer_step(attempt, reference):
    model, batch = tiny_classifier(seed=210), step_batch(seed=211)
    loss_fn = reference.LabelSmoothingCrossEntropy(0.1)
    fill_stale_grads(model, seed=220)
    before = {k: v.detach().clone() for k, v in model.named_parameters()}
    expected, stale, twice = (
        params_after(model, batch, loss_fn),
        params_after(model, batch, loss_fn, clear=False),
        params_after(model, batch, loss_fn, steps=2),
    )
    attempt.train_step(model, batch, loss_fn, sgd(model))
    got = {k: v.detach() for k, v in model.named_parameters()}
    causes = {
        "the gradients left from earlier were not cleared before backward() (zero_grad first)": stale,
        "the parameters did not move: no optimizer.step(), or step() before backward() or right after "
        "zero_grad()": before,
        "optimizer.step() was called twice": twice,
    }
    what = "train_step(model, batch, loss_fn, SGD(lr=0.1, momentum=0.9)) on a model holding stale .grad: parameters"
    assert_close(got, expected, REDUCTION, what, causes=causes)


@check("behaviour")
def test_train_step_puts_the_model_in_train_mode(attempt, reference):
    model, batch = tiny_classifier(seed=230), step_batch(seed=231)
    seen: list[bool] = []
    model.register_forward_pre_hook(lambda module, args: seen.append(module[2].training))
    model.eval()
    attempt.train_step(model, batch, reference.LabelSmoothingCrossEntropy(0.1), sgd(model))
    what = "train_step on a model in eval mode"
    expect(seen, f"{what}: the model was never called")
    expect(all(seen), f"{what}: the forward pass ran in eval mode; expected train mode (model.train())")
    expect(model.training, f"{what}: expected the model in train mode afterwards, got model.training=False")


@check("behaviour", points=2)
def test_trains_a_classifier_with_your_loss(attempt):
    centres = randn(3, 4, seed=240) * 3
    labels = torch.randint(0, 3, (90,), generator=generator(241))
    inputs = centres[labels] + randn(90, 4, seed=242)
    targets = labels.clone()
    targets[::6] = -1  # 15 ignored rows
    torch.manual_seed(243)
    model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    loss_fn = attempt.LabelSmoothingCrossEntropy(smoothing=0.1, ignore_index=-1)
    losses = [attempt.train_step(model, (inputs, targets), loss_fn, optimizer) for _ in range(60)]
    what = "an MLP trained for 60 steps with train_step and LabelSmoothingCrossEntropy(0.1, ignore_index=-1)"
    bad = next((v for v in losses if not (isinstance(v, float) and v == v)), None)
    expect(bad is None, f"{what}: expected train_step to return the loss as a Python float, got {describe(bad)}")
    with torch.no_grad():
        kept = targets != -1
        accuracy = (model(inputs).argmax(-1)[kept] == labels[kept]).float().mean().item()
    expect(
        accuracy >= 0.9,
        f"{what}: training accuracy {accuracy:.0%}, expected >= 90% (loss {losses[0]:.3g} -> {losses[-1]:.3g})",
    )
