"""Grader for question 7: make_linear draws each init with the right statistics, honours seeds, fills the bias."""

import math

import pytest
import torch
from torch import nn

from grader.checks import (
    EXACT,
    Tol,
    assert_close,
    assert_dtype,
    assert_shape,
    assert_type,
    call,
    check,
    expect,
    expect_raises,
    likely_cause,
    scramble_global_rng,
)

INITS = ["xavier_uniform", "kaiming_normal", "normal_002"]
UNIFORM = {"xavier_uniform"}


def theoretical_std(init: str, fan_in: int, fan_out: int) -> float:
    if init == "xavier_uniform":
        return math.sqrt(2.0 / (fan_in + fan_out))  # U(-a, a) with a = sqrt(6 / (fan_in + fan_out))
    if init == "kaiming_normal":
        return math.sqrt(2.0 / fan_in)
    return 0.02


DEFAULT_INIT = (
    "the std of nn.Linear's own default init, 1 / sqrt(3 * fan_in) (Kaiming with a=sqrt(5), or no re-initialisation)"
)
RELU_GAIN_XAVIER = "a gain of sqrt(2) (the ReLU gain): Xavier uniform here has gain 1"
FAN_OUT = 'std = sqrt(2 / fan_out): mode="fan_out", or the fan read from the weight\'s first dimension'
GAIN_1_KAIMING = "gain 1 (std = sqrt(1 / fan_in)): Kaiming normal with PyTorch's defaults uses the ReLU gain sqrt(2)"
STD_AS_MEAN = "`nn.init.normal_(w, 0.02)` sets the mean to 0.02 (the second argument is the mean): pass std=0.02"
STD_AS_VARIANCE = "0.02 was taken as the variance (std sqrt(0.02)): N(0, 0.02^2) has std 0.02"


def wrong_stds(init: str, fan_in: int, fan_out: int) -> dict[str, float]:
    """Likely causes of a wrong weight std -> the std that mistake gives."""
    default = {DEFAULT_INIT: 1.0 / math.sqrt(3.0 * fan_in)}
    if init == "xavier_uniform":
        return {RELU_GAIN_XAVIER: 2.0 / math.sqrt(fan_in + fan_out), **default}
    if init == "kaiming_normal":
        return {FAN_OUT: math.sqrt(2.0 / fan_out), GAIN_1_KAIMING: math.sqrt(1.0 / fan_in), **default}
    return {STD_AS_MEAN: 1.0, STD_AS_VARIANCE: math.sqrt(0.02), **default}


def layer_of(attempt, in_features: int, out_features: int, init: str, **kwargs) -> nn.Linear:
    shown = "".join(f", {k}={v!r}" for k, v in kwargs.items())
    what = f"make_linear({in_features}, {out_features}, init={init!r}{shown})"
    layer = call(attempt.make_linear, in_features, out_features, init=init, what=what, **kwargs)
    assert_type(layer, nn.Linear, what)
    assert_shape(layer.weight, (out_features, in_features), f"{what}.weight")
    return layer


def weights(layer: nn.Linear) -> torch.Tensor:
    return layer.weight.detach().double()


@check("shape")
def test_layer_has_the_right_shapes(attempt):
    for init in INITS:
        for fan_in, fan_out in [(7, 3), (1, 1), (5, 11)]:
            layer = layer_of(attempt, fan_in, fan_out, init)
            call = f"make_linear({fan_in}, {fan_out}, init={init!r})"
            assert_shape(layer.bias, (fan_out,), f"{call}.bias")
            expect(
                (layer.in_features, layer.out_features) == (fan_in, fan_out),
                f"{call}: expected in_features={fan_in}, out_features={fan_out}, "
                f"got {layer.in_features}, {layer.out_features}",
            )


@check("dtype")
def test_parameters_are_float32_and_require_grad(attempt):
    for init in INITS:
        layer = layer_of(attempt, 6, 4, init)
        for name in ("weight", "bias"):
            param = getattr(layer, name)
            what = f"make_linear(6, 4, init={init!r}).{name}"
            assert_type(param, nn.Parameter, what)
            assert_dtype(param, torch.float32, what)
            expect(param.requires_grad, f"{what}: expected a parameter that requires grad, got requires_grad=False")


@check("numerics")
def test_bias_is_constant(attempt):
    for init in INITS:
        for kwargs in ({}, {"bias_value": 0.37}, {"bias_value": -1.5}, {"bias_value": 1}):
            layer = layer_of(attempt, 9, 13, init, **kwargs)
            expected = torch.full((13,), float(kwargs.get("bias_value", 0.0)))  # float32, also for an int value
            shown = "".join(f", {k}={v!r}" for k, v in kwargs.items())
            assert_close(layer.bias.detach(), expected, EXACT, f"make_linear(9, 13, init={init!r}{shown}).bias")


WITHIN_5_PERCENT = Tol(rtol=0.05, atol=0.0)


def expect_std(attempt, init: str, fan_in: int, fan_out: int) -> None:
    w = weights(layer_of(attempt, fan_in, fan_out, init, seed=3))
    std, mean, expected = w.std().item(), w.mean().item(), theoretical_std(init, fan_in, fan_out)
    what = f"make_linear({fan_in}, {fan_out}, init={init!r}).weight"
    if abs(std / expected - 1) > 0.05:
        cause = likely_cause(std, wrong_stds(init, fan_in, fan_out), WITHIN_5_PERCENT)
        expect(
            False,
            f"{what} std: expected {expected:.4g} (within 5%), got {std:.4g} ({std / expected:.2f}x)"
            + (f"; likely cause: {cause}" if cause else ""),
        )
    expect(
        abs(mean) <= 0.05 * expected, f"{what} mean: expected about 0 (within {0.05 * expected:.2g}), got {mean:.4g}"
    )


@check("numerics", points=2)
@pytest.mark.parametrize("init", INITS)
def test_weight_std_matches_theory(attempt, init):
    expect_std(attempt, init, 512, 512)


@check("numerics")
@pytest.mark.parametrize("init", INITS)
def test_weight_std_uses_the_right_fans(attempt, init):
    expect_std(attempt, init, 768, 192)  # fan_in != fan_out: mixing them up changes the std


@check("numerics")
@pytest.mark.parametrize("init", INITS)
def test_weight_distribution_matches_the_init(attempt, init):
    w = weights(layer_of(attempt, 512, 512, init, seed=4))
    std = theoretical_std(init, 512, 512)
    what = f"make_linear(512, 512, init={init!r}).weight"
    bound, largest = math.sqrt(3) * std, w.abs().max().item()  # a uniform distribution's edge
    tail = (w.abs() > 2 * std).double().mean().item()  # 4.55% for a normal distribution, 0 for a uniform one
    looks_normal = 0.040 <= tail <= 0.052
    if init in UNIFORM:
        cause = "; likely cause: the values are normally distributed (xavier_normal_?), not uniform"
        expect(
            bound * 0.98 <= largest <= bound * (1 + 1e-6),
            f"{what}: a uniform init fills [-{bound:.4g}, {bound:.4g}] up to its edges, got max |w| = {largest:.4g}"
            + (cause if looks_normal else ""),
        )
    else:
        cause = "; likely cause: the values are uniformly distributed (kaiming_uniform_?), not normal"
        expect(
            looks_normal,
            f"{what}: a normal init has about 4.6% of values beyond 2 std ({2 * std:.4g}), got {tail:.2%}"
            + (cause if tail == 0 and bound * 0.98 <= largest <= bound * 1.05 else ""),
        )


@check("behaviour", points=2)
@pytest.mark.parametrize("init", INITS)
def test_seed_makes_weights_reproducible(attempt, init):
    for seed, other_seed in [(0, 1), (123, 124)]:  # seed=0 is a seed too (not "no seed")
        first = layer_of(attempt, 40, 24, init, seed=seed)
        scramble_global_rng()
        again = layer_of(attempt, 40, 24, init, seed=seed)
        assert_close(
            again.weight.detach(),
            first.weight.detach(),
            EXACT,
            f"make_linear(40, 24, init={init!r}, seed={seed}) twice, the global RNG changed in between: weight",
        )
        other = layer_of(attempt, 40, 24, init, seed=other_seed)
        expect(
            not torch.equal(other.weight.detach(), first.weight.detach()),
            f"make_linear(40, 24, init={init!r}) with seed={seed} and seed={other_seed}: expected different "
            "weights, got the same",
        )


@check("behaviour")
@pytest.mark.parametrize("init", INITS)
def test_without_seed_the_global_rng_is_used(attempt, init):
    first = layer_of(attempt, 20, 10, init)
    second = layer_of(attempt, 20, 10, init)
    expect(
        not torch.equal(first.weight.detach(), second.weight.detach()),
        f"make_linear(20, 10, init={init!r}) called twice without a seed: expected different weights, got the same",
    )
    torch.manual_seed(2024)
    first = layer_of(attempt, 20, 10, init)
    torch.manual_seed(2024)
    second = layer_of(attempt, 20, 10, init)
    assert_close(
        second.weight.detach(), first.weight.detach(), EXACT,
        f"make_linear(20, 10, init={init!r}) after torch.manual_seed(2024), twice: weight",
    )  # fmt: skip


@check("behaviour")
def test_unknown_init_raises_value_error(attempt):
    for init in ("orthogonal", "Xavier_Uniform", "kaiming_uniform", ""):
        expect_raises(ValueError, attempt.make_linear, 8, 4, init=init, what=f"make_linear(8, 4, init={init!r})")
