"""Grader for question 29: sigmoid focal loss with target-dependent p_t and alpha_t, stable at +-100."""

import torch
import torch.nn.functional as F
from torch import nn

from grader.checks import (
    FLOAT64,
    REDUCTION,
    assert_close,
    assert_finite,
    assert_grads_match,
    assert_shape,
    assert_tensor,
    assert_type,
    call,
    call_pure,
    check,
    describe,
    expect,
    generator,
    input_gradients,
    randn,
)

SHAPES = [(7,), (4, 5), (2, 3, 5), (1,)]
REDUCTIONS = ["none", "mean", "sum"]
# (alpha, gamma): the defaults, alpha on the other side of 0.5, a fractional, zero and unit gamma, alpha = 0
# (only the negatives count: a weight, not "off"), no alpha.
SETTINGS = [(0.25, 2.0), (0.75, 2.0), (0.25, 0.5), (0.6, 0.0), (0.5, 1.0), (0.0, 2.0), (-1.0, 2.0), (0.1, 3.0)]
# Logits that saturate the sigmoid in float32, each with target 0 and 1.
EXTREME = torch.tensor([100.0, -100.0, 30.0, -30.0, 17.0, -17.0, 0.0, 100.0, -100.0, 30.0, -30.0, 17.0, -17.0, 0.0])
EXTREME_TARGETS = torch.tensor([1.0] * 7 + [0.0] * 7)


def hard_targets(*shape: int, seed: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return (randn(*shape, seed=seed) > 0.4).to(dtype)  # about a third positives


def soft_targets(*shape: int, seed: int) -> torch.Tensor:
    return torch.rand(shape, generator=generator(seed))


def name(logits: torch.Tensor, **kwargs: object) -> str:
    args = "".join(f", {k}={v!r}" for k, v in kwargs.items())
    return f"focal_loss(logits of shape {tuple(logits.shape)}, targets{args})"


def run(attempt, logits: torch.Tensor, targets: torch.Tensor, what: str, **kwargs: object) -> torch.Tensor:
    """focal_loss on private copies: changing its inputs in place is inputs_are_not_modified's business."""
    return assert_tensor(call(attempt.focal_loss, logits.clone(), targets.clone(), what=what, **kwargs), what)


def reduce(loss: torch.Tensor, reduction: str) -> torch.Tensor:
    return loss.mean() if reduction == "mean" else loss.sum() if reduction == "sum" else loss


def variant(logits: torch.Tensor, targets: torch.Tensor, alpha: float, gamma: float, reduction: str, bug: str):
    """What a known wrong version of the focal loss gives on these inputs."""
    p, t = torch.sigmoid(logits), targets
    bce = F.binary_cross_entropy_with_logits(logits, t, reduction="none")
    p_t = p * t + (1 - p) * (1 - t)
    alpha_t = alpha * t + (1 - alpha) * (1 - t) if alpha >= 0 else torch.ones_like(t)
    weight = {
        "blind": alpha * (1 - p) ** gamma,
        "blind_modulation": alpha_t * (1 - p) ** gamma,
        "alpha_everywhere": (alpha if alpha >= 0 else 1.0) * (1 - p_t) ** gamma,
        "alpha_swapped": (1 - alpha_t if alpha >= 0 else 1.0) * (1 - p_t) ** gamma,
        "negative_alpha_applied": (alpha * t + (1 - alpha) * (1 - t)) * (1 - p_t) ** gamma,
        "zero_alpha_disables": (alpha_t if alpha > 0 else 1.0) * (1 - p_t) ** gamma,
        "exp_minus_bce": alpha_t * (1 - torch.exp(-bce)) ** gamma,
        "thresholded": (torch.where(t == 1, alpha, 1 - alpha) if alpha >= 0 else 1.0)
        * (1 - torch.where(t == 1, p, 1 - p)) ** gamma,
    }[bug]
    return reduce(weight * bce, reduction)


def bind(fn, targets: torch.Tensor, **kwargs: object):
    """`fn` as a function of the logits alone, for the gradient helpers, with its own copy of the targets."""
    targets = targets.clone()
    return lambda logits: fn(logits, targets, **kwargs)


def weighting_causes(logits: torch.Tensor, targets: torch.Tensor, alpha: float, gamma: float, reduction: str) -> dict:
    def of(bug: str):
        return lambda: variant(logits, targets, alpha, gamma, reduction, bug)

    return {
        "the weight ignores the target: alpha * (1 - p) ** gamma for every element (use alpha_t and p_t)": of("blind"),
        "(1 - p) ** gamma ignores the target: the modulating factor is (1 - p_t) ** gamma": of("blind_modulation"),
        "alpha weights every element: alpha_t is alpha for t = 1 and 1 - alpha for t = 0": of("alpha_everywhere"),
        "alpha and 1 - alpha are swapped: alpha_t is alpha for the positives (t = 1)": of("alpha_swapped"),
        "alpha < 0 must switch the alpha weighting off (alpha_t = 1)": of("negative_alpha_applied"),
        "alpha = 0 is a weight like any other (alpha_t = 1 - t); only alpha < 0 switches the weighting off": of(
            "zero_alpha_disables"
        ),
    }


@check("shape")
def test_output_shapes(attempt):
    for i, shape in enumerate([*SHAPES, (3, 1, 4)]):
        logits, targets = randn(*shape, seed=10 + i), hard_targets(*shape, seed=20 + i)
        for reduction in REDUCTIONS:
            what = name(logits, reduction=reduction)
            expected = shape if reduction == "none" else ()
            assert_shape(run(attempt, logits, targets, what, reduction=reduction), expected, what)
        assert_shape(run(attempt, logits, targets, name(logits)), (), f"{name(logits)} (default reduction 'mean')")


@check("numerics", points=2)
def test_matches_reference_with_defaults(attempt, reference):
    cases = [(randn(*s, seed=30 + i) * 2, hard_targets(*s, seed=40 + i)) for i, s in enumerate(SHAPES)]
    cases.append((randn(6, 9, seed=50).T * 2, hard_targets(9, 6, seed=51)))  # non-contiguous logits
    for logits, targets in cases:
        for kwargs in ({}, {"reduction": "none"}):
            what = name(logits, **kwargs)
            expected = reference.focal_loss(logits, targets, **kwargs)
            causes = weighting_causes(logits, targets, 0.25, 2.0, kwargs.get("reduction", "mean"))
            assert_close(run(attempt, logits, targets, what, **kwargs), expected, REDUCTION, what, causes=causes)
    logits, targets = randn(5, 4, seed=52, dtype=torch.float64) * 2, hard_targets(5, 4, seed=53, dtype=torch.float64)
    what = "float64 " + name(logits, reduction="none")
    expected = reference.focal_loss(logits, targets, reduction="none")
    assert_close(run(attempt, logits, targets, what, reduction="none"), expected, FLOAT64, what)


@check("numerics", points=2)
def test_matches_reference_for_other_alpha_and_gamma(attempt, reference):
    logits, targets = randn(8, 6, seed=60) * 2, hard_targets(8, 6, seed=61)
    for alpha, gamma in SETTINGS:
        for reduction in ("none", "sum"):
            kwargs = {"alpha": alpha, "gamma": gamma, "reduction": reduction}
            what = name(logits, **kwargs)
            expected = reference.focal_loss(logits, targets, **kwargs)
            causes = weighting_causes(logits, targets, alpha, gamma, reduction)
            assert_close(run(attempt, logits, targets, what, **kwargs), expected, REDUCTION, what, causes=causes)


@check("numerics")
def test_gamma_0_without_alpha_is_bce(attempt):
    logits, targets = randn(5, 7, seed=70) * 3, hard_targets(5, 7, seed=71)
    for alpha in (-1.0, -0.5):
        for reduction in REDUCTIONS:
            what = name(logits, alpha=alpha, gamma=0.0, reduction=reduction)
            expected = F.binary_cross_entropy_with_logits(logits, targets, reduction=reduction)
            out = run(attempt, logits, targets, what, alpha=alpha, gamma=0.0, reduction=reduction)
            assert_close(out, expected, REDUCTION, f"{what} vs F.binary_cross_entropy_with_logits")


@check("numerics")
def test_reductions_match_reference(attempt, reference):
    logits, targets = randn(6, 7, seed=80) * 2, hard_targets(6, 7, seed=81)
    for alpha, gamma in [(0.25, 2.0), (0.75, 1.0)]:
        per_element = reference.focal_loss(logits, targets, alpha, gamma, "none")
        for reduction in REDUCTIONS:
            what = name(logits, alpha=alpha, gamma=gamma, reduction=reduction)
            causes = {}
            if reduction != "none":
                causes["'mean' and 'sum' are swapped"] = reduce(per_element, "sum" if reduction == "mean" else "mean")
            if reduction == "mean":
                normalised = per_element.sum() / targets.sum()
                causes["'mean' divides by the number of positives (RetinaNet's normaliser), not of elements"] = (
                    normalised
                )
            expected = reference.focal_loss(logits, targets, alpha, gamma, reduction)
            out = run(attempt, logits, targets, what, alpha=alpha, gamma=gamma, reduction=reduction)
            assert_close(out, expected, REDUCTION, what, causes=causes)


@check("behaviour")
def test_unknown_reduction_raises_value_error(attempt):
    logits, targets = randn(4, 3, seed=90), hard_targets(4, 3, seed=91)
    for reduction in ("avg", "batchmean", "Mean", "", "elementwise_mean"):
        what = name(logits, reduction=reduction)
        try:
            out = attempt.focal_loss(logits, targets, reduction=reduction)
        except ValueError:
            continue
        expect(False, f"{what}: expected ValueError, got {describe(out)}")


def at_extreme(i: int) -> str:
    return f"at logit {float(EXTREME[i]):g}, target {float(EXTREME_TARGETS[i]):g}"


def close_per_logit(actual: torch.Tensor, expected: torch.Tensor, what: str) -> None:
    """assert_close on the EXTREME logits, naming the logit and target of the first mismatch."""
    assert_shape(actual, EXTREME.shape, what)
    for i in range(len(EXTREME)):
        assert_close(actual[i], expected[i], REDUCTION, f"{what} {at_extreme(i)}")


@check("numerics", points=2)
def test_extreme_logits_give_finite_values(attempt, reference):
    for alpha, gamma in [(0.25, 2.0), (-1.0, 0.0), (0.5, 1.0)]:
        kwargs = {"alpha": alpha, "gamma": gamma, "reduction": "none"}
        what = f"focal_loss(logits of +-100, +-30, +-17, 0 with targets 0 and 1, alpha={alpha}, gamma={gamma})"
        out = run(attempt, EXTREME, EXTREME_TARGETS, what, **kwargs)
        assert_shape(out, EXTREME.shape, what)
        assert_finite(out.detach(), what, at=at_extreme)
        close_per_logit(out, reference.focal_loss(EXTREME, EXTREME_TARGETS, **kwargs), what)


@check("gradient", points=2)
def test_extreme_logits_give_finite_gradients(attempt, reference):
    for alpha, gamma in [(0.25, 2.0), (-1.0, 0.0), (0.5, 1.0)]:
        kwargs = {"alpha": alpha, "gamma": gamma, "reduction": "none"}
        what = f"focal_loss(logits of +-100, +-30, +-17, 0 with targets 0 and 1, alpha={alpha}, gamma={gamma})"
        _, grads = input_gradients(bind(attempt.focal_loss, EXTREME_TARGETS, **kwargs), {"logits": EXTREME}, what=what)
        assert_finite(grads["logits"], f"gradient of {what}", at=at_extreme)
        _, expected = input_gradients(bind(reference.focal_loss, EXTREME_TARGETS, **kwargs), {"logits": EXTREME})
        close_per_logit(grads["logits"], expected["logits"], f"gradient of {what}")


@check("numerics", points=2)
def test_soft_targets(attempt, reference):
    logits = randn(7, 5, seed=100) * 2
    cases = [soft_targets(7, 5, seed=101), torch.tensor([0.1, 0.5, 0.9, 0.0, 1.0]).repeat(7, 1)]
    for targets in cases:
        for alpha, gamma in [(0.25, 2.0), (0.75, 1.0), (-1.0, 2.0)]:
            kwargs = {"alpha": alpha, "gamma": gamma, "reduction": "none"}
            what = name(logits, **kwargs).replace("targets", "soft targets in [0, 1]")
            expected = reference.focal_loss(logits, targets, **kwargs)
            causes = {
                "p_t = exp(-BCE) holds for 0/1 targets only; with soft targets use p * t + (1 - p) * (1 - t)": (
                    lambda t=targets, a=alpha, g=gamma: variant(logits, t, a, g, "none", "exp_minus_bce")
                ),
                "targets compared with 1 (t == 1): soft targets need p_t and alpha_t as weighted sums": (
                    lambda t=targets, a=alpha, g=gamma: variant(logits, t, a, g, "none", "thresholded")
                ),
                **weighting_causes(logits, targets, alpha, gamma, "none"),
            }
            assert_close(run(attempt, logits, targets, what, **kwargs), expected, REDUCTION, what, causes=causes)


@check("gradient", points=2)
def test_gradients_match_reference(attempt, reference):
    logits = randn(6, 5, seed=110) * 2
    for targets in (hard_targets(6, 5, seed=111), soft_targets(6, 5, seed=112)):
        for alpha, gamma, reduction in [
            (0.25, 2.0, "none"),
            (0.25, 2.0, "mean"),
            (0.75, 0.5, "sum"),
            (-1, 3.0, "none"),
        ]:
            kwargs = {"alpha": alpha, "gamma": gamma, "reduction": reduction}
            attempt_fn, reference_fn = (
                bind(attempt.focal_loss, targets, **kwargs),
                bind(reference.focal_loss, targets, **kwargs),
            )
            assert_grads_match(attempt_fn, reference_fn, {"logits": logits}, what=name(logits, **kwargs))


@check("behaviour", points=2)
def test_module_wraps_focal_loss(attempt, reference):
    logits, targets = randn(5, 6, seed=120) * 2, hard_targets(5, 6, seed=121)
    configs = [((), {}), ((0.6, 1.5, "sum"), {}), ((), {"alpha": -1.0, "gamma": 0.0, "reduction": "none"})]
    configs.append(((0.9,), {"reduction": "none"}))
    for args, kwargs in configs:
        shown = ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])
        what = f"FocalLoss({shown})(logits of shape {tuple(logits.shape)}, targets)"
        module = call(attempt.FocalLoss, *args, what=f"FocalLoss({shown})", **kwargs)
        assert_type(module, nn.Module, f"FocalLoss({shown})")
        expected = reference.focal_loss(logits, targets, *args, **kwargs)
        out = assert_tensor(call(module, logits.clone(), targets.clone(), what=what), what)
        assert_close(out, expected, REDUCTION, what)


@check("behaviour")
def test_inputs_are_not_modified(attempt):
    logits, targets = randn(9, 4, seed=130).T * 2, hard_targets(4, 9, seed=131)  # non-contiguous logits
    soft = soft_targets(4, 9, seed=132)
    for t, kind in ((targets, "targets"), (soft, "soft targets")):
        for reduction in REDUCTIONS:
            what = name(logits, reduction=reduction).replace("targets", kind)
            call_pure(attempt.focal_loss, logits, t, reduction=reduction, what=what)
    what = "focal_loss(logits of +-100, +-30, +-17, 0, targets 0 and 1, alpha=-1.0, gamma=0.0)"
    call_pure(attempt.focal_loss, EXTREME.clone(), EXTREME_TARGETS.clone(), alpha=-1.0, gamma=0.0, what=what)
    module = call(attempt.FocalLoss, what="FocalLoss()")
    call_pure(module.forward, logits, targets, what=f"FocalLoss()(logits of shape {tuple(logits.shape)}, targets)")
