"""Grader for question 37: a new head, a frozen backbone whose BatchNorm statistics never move, an optimizer
over the trainable parameters only."""

import copy
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

from grader.checks import (
    REDUCTION,
    assert_close,
    assert_shape,
    assert_type,
    check,
    describe,
    expect,
    generator,
    randn,
)

BATCHNORM = nn.modules.batchnorm._BatchNorm
OPTIMIZERS: dict[str, Callable] = {
    "SGD(lr=0.1, momentum=0.9, weight_decay=0.01)": lambda ps: torch.optim.SGD(
        ps, lr=0.1, momentum=0.9, weight_decay=1e-2
    ),
    "Adam(lr=0.01, weight_decay=0.01)": lambda ps: torch.optim.Adam(ps, lr=1e-2, weight_decay=1e-2),
}


def pretrained(reference, seed: int, width: int = 8) -> nn.Module:
    """The grader's own tiny_resnet (of another width if asked) with "pretrained" weights: BatchNorm statistics
    far from 0 and 1."""
    torch.manual_seed(seed)
    model = reference.TinyResNet(10, width)
    with torch.no_grad():
        for i, bn in enumerate(m for m in model.modules() if isinstance(m, BATCHNORM)):
            c, s = bn.num_features, seed + 10 * i
            bn.weight.copy_(1 + 0.2 * randn(c, seed=s))
            bn.bias.copy_(0.1 * randn(c, seed=s + 1))
            bn.running_mean.copy_(0.3 * randn(c, seed=s + 2))
            bn.running_var.copy_(0.75 + torch.rand(c, generator=generator(s + 3)) * 0.5)
            bn.num_batches_tracked.fill_(50)
    return model.eval()


def images(batch: int, seed: int) -> torch.Tensor:
    return randn(batch, 3, 12, 12, seed=seed)


def snapshot(model: nn.Module, backbone_only: bool = True) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in model.state_dict().items() if not (backbone_only and k.startswith("fc."))}


def expect_same_state(before: dict, after: dict, what: str) -> None:
    expect(set(before) == set(after), f"{what}: the model's state_dict keys changed (were layers replaced?)")
    for key, value in before.items():
        if not torch.equal(after[key], value):
            why = "(the BatchNorm layer ran in training mode)" if "running" in key or "num_batches" in key else ""
            diff = (after[key].double() - value.double()).abs().max().item()
            expect(False, f"{what}: {key} changed (greatest difference {diff:.3g}) {why}".rstrip())


def with_new_head(attempt, reference, seed: int, num_classes: int = 3) -> nn.Module:
    model = pretrained(reference, seed)
    out = attempt.replace_head(model, num_classes)
    assert_type(out, nn.Module, f"replace_head(model, {num_classes})")
    return out


def frozen(attempt, reference, seed: int, num_classes: int = 3) -> nn.Module:
    model = with_new_head(attempt, reference, seed, num_classes)
    attempt.freeze_backbone(model)
    return model


def batchnorm_modes(model: nn.Module, x: torch.Tensor) -> tuple[torch.Tensor, list[tuple[str, bool]]]:
    """model(x), and (name, training) of every BatchNorm layer as its forward starts (after any pre-hook of the
    attempt's: ours is registered last)."""
    seen: list[tuple[str, bool]] = []
    handles = [
        m.register_forward_pre_hook(lambda mod, args, name=name: seen.append((name, mod.training)))
        for name, m in model.named_modules()
        if isinstance(m, BATCHNORM)
    ]
    try:
        with torch.no_grad():
            out = model(x)
    finally:
        for handle in handles:
            handle.remove()
    return out, seen


def in_eval_with_head_of(reference, seed: int, model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """The logits of the grader's own pretrained model, in eval mode, with a copy of the attempt's head."""
    ref = pretrained(reference, seed)
    ref.fc = copy.deepcopy(model.fc)
    with torch.no_grad():
        return ref(x)


@check("behaviour")
def test_replace_head(attempt, reference):
    for i, (k, width) in enumerate(((1, 8), (3, 8), (10, 8), (3, 4))):
        model = pretrained(reference, seed=10 + i, width=width)
        old_fc, before, fc_in = model.fc, snapshot(model), model.fc.in_features
        what = f"replace_head(model, {k}) on a model whose fc is Linear({fc_in}, 10)"
        out = attempt.replace_head(model, k)
        expect(
            out is model,
            f"{what}: expected the model itself (changed in place), got "
            f"{'a different ' + type(out).__name__ + ' object' if isinstance(out, type(model)) else describe(out)}",
        )
        fc = model.fc
        assert_type(fc, nn.Linear, f"{what}: model.fc")
        expect(fc is not old_fc, f"{what}: model.fc is still the old layer; expected a new nn.Linear")
        expect(
            (fc.in_features, fc.out_features) == (fc_in, k) and fc.bias is not None,
            f"{what}: expected model.fc = Linear({fc_in}, {k}) with bias, got Linear({fc.in_features}, "
            f"{fc.out_features}, bias={fc.bias is not None})",
        )
        expect_same_state(before, snapshot(model), f"{what}: the pretrained backbone")


@check("shape")
def test_output_shape_after_replace_head(attempt, reference):
    for i, k in enumerate((1, 3, 10)):
        model = with_new_head(attempt, reference, seed=20 + i, num_classes=k).eval()
        for b in (1, 5):
            with torch.no_grad():
                out = model(images(b, seed=30 + b))
            assert_shape(out, (b, k), f"replace_head(model, {k}) in eval, on images ({b}, 3, 12, 12)")


@check("behaviour")
def test_freeze_sets_requires_grad(attempt, reference):
    model = with_new_head(attempt, reference, seed=40)
    before, layers = snapshot(model, backbone_only=False), sum(isinstance(m, BATCHNORM) for m in model.modules())
    attempt.freeze_backbone(model)
    for name, p in model.named_parameters():
        head = name.startswith("fc.")
        expect(
            p.requires_grad == head,
            f"after freeze_backbone: {name}.requires_grad is {p.requires_grad}, expected {head} "
            f"({'the new head trains' if head else 'the backbone is frozen'})",
        )
    expect_same_state(before, snapshot(model, backbone_only=False), "freeze_backbone(model)")
    now = sum(isinstance(m, BATCHNORM) for m in model.modules())
    expect(now == layers, f"freeze_backbone(model): {layers} BatchNorm layers before, {now} after")


@check("behaviour", points=2)
def test_batchnorm_stays_in_eval_during_training(attempt, reference):
    model = frozen(attempt, reference, seed=50)
    x = images(6, seed=51)
    expected, before = in_eval_with_head_of(reference, 50, model, x), snapshot(model)
    for step, training in (("model.train()", True), ("model.train(), model.eval()", False),
                           ("model.train(), model.eval(), model.train()", True)):  # fmt: skip
        returned = model.train() if training else model.eval()
        what = f"after freeze_backbone and {step}"
        expect(
            returned is model,
            f"{what}: the last call returned {describe(returned)}, expected the model itself (nn.Module.train() and "
            "eval() return self: `model = model.train()` must keep working)",
        )
        for name, module in (("model", model), ("model.fc", model.fc)):
            expect(
                module.training == training,
                f"{what}: {name}.training is {module.training}, expected {training} (only the BatchNorm layers "
                "stay in eval; the rest follows train() / eval())",
            )
        out, seen = batchnorm_modes(model, x)
        expect(seen, "the model ran no BatchNorm layer (were they removed?)")
        training_layers = [name for name, mode in seen if mode]
        expect(
            not training_layers,
            f"{what}: {', '.join(training_layers[:4])}{' ...' if len(training_layers) > 4 else ''} ran in training "
            "mode (batch statistics, running stats updated); frozen BatchNorm layers stay in eval",
        )
        assert_close(
            out, expected, REDUCTION,
            f"{what}: the logits of the first forward vs the same model in eval mode (a frozen BatchNorm "
            "normalises with its running statistics from the first forward on)",
        )  # fmt: skip
        expect_same_state(before, snapshot(model), f"{what}, one forward")


@check("behaviour")
def test_other_models_keep_their_batchnorm_training(attempt, reference):
    before = pretrained(reference, seed=120)
    frozen(attempt, reference, seed=121)
    after = pretrained(reference, seed=122)
    x = images(4, seed=123)
    for label, other in (("built before", before), ("built after", after)):
        other.train()
        _, seen = batchnorm_modes(other, x)
        in_eval = [name for name, mode in seen if not mode]
        expect(
            not in_eval,
            f"after freeze_backbone(model), another tiny_resnet ({label} it) in train mode ran "
            f"{', '.join(in_eval[:4])}{' ...' if len(in_eval) > 4 else ''} in eval mode: freeze only the layers of "
            "the model you are given (a patch of nn.BatchNorm2d itself changes every model)",
        )


@check("numerics", points=2)
def test_backbone_unchanged_by_training(attempt, reference):
    for i, (name, make) in enumerate(OPTIMIZERS.items()):
        model = frozen(attempt, reference, seed=60 + i)
        expect(any(p.requires_grad for p in model.parameters()), "after freeze_backbone no parameter requires grad")
        before = snapshot(model)
        model.train()
        optimizer = make(model.parameters())
        x, y = images(8, seed=70 + i), torch.randint(0, 3, (8,), generator=generator(80 + i))
        for _ in range(3):
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
        expect_same_state(before, snapshot(model), f"3 steps in model.train() with {name} on model.parameters()")


@check("behaviour", points=2)
def test_head_learns(attempt, reference):
    model = frozen(attempt, reference, seed=90)
    labels = torch.arange(48) % 3
    colours = randn(3, 3, 1, 1, seed=91)  # each class has its own mean colour, plus noise
    x = colours[labels] + 0.5 * images(48, seed=92)
    params = [p for p in model.parameters() if p.requires_grad]
    expect(params, "after freeze_backbone no parameter requires grad: the head cannot learn")
    optimizer = torch.optim.Adam(params, lr=0.05)
    model.train()
    for _ in range(100):
        optimizer.zero_grad()
        F.cross_entropy(model(x), labels).backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        accuracy = (model(x).argmax(1) == labels).float().mean().item()
    expect(
        accuracy >= 0.9,
        f"after 100 Adam steps (lr 0.05) on the trainable parameters, in model.train(), the model classifies "
        f"{accuracy:.0%} of 48 images of 3 colour classes, expected >= 90%",
    )


def expect_groups(model: nn.Module, optimizer: object, expected: dict[str, float], what: str) -> None:
    """The optimizer holds exactly the parameters named in `expected`, each once, at the given lr."""
    assert_type(optimizer, torch.optim.Optimizer, what)
    names = {id(p): n for n, p in model.named_parameters()}
    held: dict[str, float] = {}
    for group in optimizer.param_groups:
        for p in group["params"]:
            name = names.get(id(p), "a tensor that is not a parameter of the model")
            expect(name not in held, f"{what}: holds {name} twice")
            expect(p.requires_grad, f"{what}: holds the frozen parameter {name}")
            held[name] = group["lr"]
    for name, lr in expected.items():
        expect(name in held, f"{what}: does not hold {name}, which should train at lr {lr:g}")
        expect(abs(held[name] - lr) <= 1e-12, f"{what}: {name} at lr {held[name]:g}, expected {lr:g}")
    extra = sorted(set(held) - set(expected))
    expect(not extra, f"{what}: holds {', '.join(extra[:4])}, which should be left out")


@check("behaviour", points=2)
def test_make_optimizer_holds_only_trainable_parameters(attempt, reference):
    model = frozen(attempt, reference, seed=100)
    head = {"fc.weight": 0.1, "fc.bias": 0.1}
    expect_groups(model, attempt.make_optimizer(model, lr_head=0.1), head, "make_optimizer(model, lr_head=0.1)")
    expect_groups(
        model,
        attempt.make_optimizer(model, lr_head=0.1, lr_backbone=0.01),
        head,
        "make_optimizer(model, lr_head=0.1, lr_backbone=0.01) with the whole backbone frozen",
    )
    model.layer2.requires_grad_(True)
    unfrozen = {f"layer2.{n}": 0.01 for n, _ in model.layer2.named_parameters()}
    expect_groups(
        model,
        attempt.make_optimizer(model, lr_head=0.1, lr_backbone=0.01),
        {**head, **unfrozen},
        "make_optimizer(model, lr_head=0.1, lr_backbone=0.01) after model.layer2.requires_grad_(True)",
    )
    expect_groups(
        model,
        attempt.make_optimizer(model, lr_head=0.1),
        head,
        "make_optimizer(model, lr_head=0.1) (lr_backbone=0.0) after model.layer2.requires_grad_(True)",
    )
