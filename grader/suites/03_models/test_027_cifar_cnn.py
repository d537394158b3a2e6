"""Grader for question 27: CifarCNN maps (B, 3, 32, 32) to logits with < 1M parameters, behaves in eval, overfits."""

import math

import torch
import torch.nn.functional as F
from torch import nn

from grader.checks import (
    EXACT,
    REDUCTION,
    CheckFailed,
    assert_close,
    assert_shape,
    assert_tensor,
    assert_type,
    call,
    call_pure,
    check,
    expect,
    generator,
    randn,
    scramble_global_rng,
    weighted_sum,
)

BUDGET = 1_000_000


def build(attempt, num_classes: int | None = None, seed: int = 0) -> tuple[nn.Module, str]:
    what = "CifarCNN()" if num_classes is None else f"CifarCNN({num_classes})"
    torch.manual_seed(seed)
    model = call(attempt.CifarCNN, what=what) if num_classes is None else call(attempt.CifarCNN, num_classes, what=what)
    assert_type(model, nn.Module, what)
    model.eval()
    with torch.no_grad():
        forward(model, images(2, seed=1), what)  # materialises lazy modules (nn.LazyLinear) before counting
    return model, what


def images(b: int, seed: int) -> torch.Tensor:
    return randn(b, 3, 32, 32, seed=seed)


def described(model: nn.Module, x: torch.Tensor, what: str) -> str:
    return f"{what}(x of shape {tuple(x.shape)}) in {'train' if model.training else 'eval'} mode"


def forward(model: nn.Module, x: torch.Tensor, what: str) -> torch.Tensor:
    """The model on a private copy of x: changing its input in place is input_is_not_modified's business."""
    shown = described(model, x, what)
    return assert_tensor(call(model, x.clone(), what=shown), shown)


@check("shape", points=2)
def test_output_shape(attempt):
    for num_classes in (None, 3):
        model, what = build(attempt, num_classes)
        classes = num_classes or 10
        model.eval()
        assert_shape(forward(model, images(1, seed=10), what), (1, classes), f"{what}(x of shape (1, 3, 32, 32)), eval")
        model.train()
        for b in (2, 7):
            out = forward(model, images(b, seed=10 + b), what)
            assert_shape(out, (b, classes), f"{what}(x of shape ({b}, 3, 32, 32)), train")


@check("behaviour")
def test_parameter_budget(attempt):
    model, what = build(attempt)
    count = sum(p.numel() for p in model.parameters())
    expect(count < BUDGET, f"{what}: expected fewer than {BUDGET:,} parameters, got {count:,}")


@check("gradient", points=2)
def test_every_parameter_gets_a_gradient(attempt):
    model, what = build(attempt)
    frozen = [name for name, p in model.named_parameters() if not p.requires_grad]
    expect(not frozen, f"{what}: every parameter should require grad, these do not: {', '.join(frozen[:5])}")
    # First, before any train-mode pass moves BatchNorm's statistics: a black image (all zeros) and a flat grey
    # one give features that are exactly 0, where a root (sqrt, pow(1/p)) or a norm without eps has an
    # infinite derivative.
    model.eval()
    x = torch.stack([torch.zeros(3, 32, 32), torch.full((3, 32, 32), 0.5), images(1, seed=21)[0]])
    shown = f"{what} in eval mode on a batch of a black (all-zero) image, a flat grey one and a random one"
    model.zero_grad(set_to_none=True)
    weighted_sum(assert_tensor(call(model, x, what=shown), shown)).backward()
    for name, p in model.named_parameters():
        if p.grad is not None:
            expect(bool(torch.isfinite(p.grad).all()), f"{shown}: the gradient of {name} holds NaN or inf")
    model.train()
    model.zero_grad(set_to_none=True)
    out = forward(model, images(4, seed=20), what)
    weighted_sum(out).backward()
    missing = [name for name, p in model.named_parameters() if p.grad is None]
    expect(
        not missing,
        f"{what}: no gradient reached {', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''} "
        "(a layer defined in __init__ that forward never uses, or one it runs under torch.no_grad() or on a "
        "detached tensor?)",
    )
    for name, p in model.named_parameters():
        expect(bool(torch.isfinite(p.grad).all()), f"{what}: the gradient of {name} holds NaN or inf")


@check("behaviour")
def test_state_dict_holds_every_weight(attempt):
    model, what = build(attempt, seed=2)
    copy, _ = build(attempt, seed=3)
    call(copy.load_state_dict, model.state_dict(), what=f"{what}.load_state_dict(another {what}'s state_dict())")
    model.eval()
    copy.eval()
    x = images(3, seed=35)
    assert_close(
        forward(copy, x, what),
        forward(model, x, what),
        EXACT,
        f"{what} built with another seed and given the first one's state_dict, vs the first one (eval mode): "
        "a layer missing from the state_dict (kept in a plain Python list? use nn.ModuleList or nn.Sequential)",
    )


@check("behaviour")
def test_eval_output_is_deterministic(attempt):
    model, what = build(attempt)
    model.eval()
    x = images(5, seed=30)
    first = forward(model, x, what)
    scramble_global_rng()
    assert_close(forward(model, x, what), first, EXACT, f"{what} in eval mode, the same input twice")


@check("behaviour", points=2)
def test_eval_output_is_batch_independent(attempt):
    model, what = build(attempt)
    model.train()
    with torch.no_grad():
        for i in range(3):  # a few steps in train mode, so that BatchNorm's running statistics move
            model(images(8, seed=40 + i) * 2 + 1)
    model.eval()
    x = images(6, seed=45)
    batch = forward(model, x, what)
    assert_shape(batch, (6, 10), described(model, x, what))
    for i in (0, 3, 5):
        alone = forward(model, x[i : i + 1], what)
        assert_shape(alone, (1, 10), described(model, x[i : i + 1], what))
        assert_close(
            alone[0], batch[i], REDUCTION, f"{what} in eval mode: image {i} alone vs the same image in a batch of 6"
        )


MAX_STEPS, TARGET_LOSS = 200, 0.1


@check("behaviour", points=3)
def test_overfits_a_small_batch(attempt):
    model, what = build(attempt, seed=1)
    g = generator(50)
    x, y = torch.randn(8, 3, 32, 32, generator=g), torch.randint(0, 10, (8,), generator=g)
    assert_shape(forward(model, x, what), (8, 10), described(model, x, what))
    what = f"{what} on 8 random images with random labels (Adam, lr 1e-3, train mode)"
    params = [p for p in model.parameters() if p.requires_grad]
    expect(params, f"{what}: the model has no trainable parameters")
    optimizer = torch.optim.Adam(params, lr=1e-3)
    model.train()
    losses = []
    for step in range(MAX_STEPS):  # stops as soon as a step's loss reaches TARGET_LOSS (~50 steps for a BN CNN)
        optimizer.zero_grad()
        loss = F.cross_entropy(forward(model, x, what), y)
        losses.append(loss.item())
        expect(math.isfinite(losses[-1]), f"{what}: the loss became {losses[-1]} at step {step}")
        if losses[-1] <= TARGET_LOSS:
            return
        loss.backward()
        optimizer.step()
    message = (
        f"{what}: the cross-entropy went from {losses[0]:.4g} to {losses[-1]:.4g} (lowest {min(losses):.4g}) in "
        f"{MAX_STEPS} steps, never reaching {TARGET_LOSS}"
    )
    with torch.no_grad():
        out = model(x)
    if bool((out >= 0).all()) and torch.allclose(out.sum(dim=1), torch.ones(8), atol=1e-4):
        message += "; likely cause: the model returns probabilities (softmax), not logits"
    raise CheckFailed(message)


@check("behaviour")
def test_input_is_not_modified(attempt):
    model, what = build(attempt)
    for mode in (model.train, model.eval):
        mode()
        x = images(3, seed=60)
        call_pure(model.forward, x, what=described(model, x, what))
