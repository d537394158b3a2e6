"""Grader for question 30: ManualRNN matches nn.RNN (values and gradients); RNNForecaster learns a sine wave."""

import math

import torch
import torch.nn.functional as F
from torch import nn

from grader.checks import (
    REDUCTION,
    CheckFailed,
    allow_forbidden,
    assert_close,
    assert_grads_match,
    assert_shape,
    assert_tensor,
    assert_trains,
    assert_type,
    call_pure,
    check,
    expect,
    forbid,
    generator,
    load_same_weights,
    randn,
)

# The exercise is to write the cell: no ready-made RNN or RNN cell inside ManualRNN. The forecaster may use
# them: its checks lift the ban (`allow_forbidden`).
FORBIDDEN = ("nn.RNN", "nn.RNNCell", "torch.rnn_tanh", "torch.rnn_tanh_cell")
forbid(*FORBIDDEN)

NAMES = ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]
# (B, T, F, H): B != T, a single sequence, a single step, one feature, a long sequence.
CASES = [(3, 7, 4, 5), (1, 6, 3, 4), (4, 1, 2, 3), (5, 9, 1, 8), (2, 30, 3, 6)]
OMEGA = 2 * math.pi / 16  # the sine wave's period is 16 steps


def reference_rnn(f: int, h: int, seed: int) -> nn.RNN:
    """nn.RNN with its weights doubled, so that tanh saturates and a missing or wrong nonlinearity shows."""
    torch.manual_seed(seed)
    rnn = nn.RNN(f, h, batch_first=True)
    with torch.no_grad():
        for p in rnn.parameters():
            p.mul_(2.0)
    return rnn


def manual_rnn(attempt, f: int, h: int, seed: int = 0) -> tuple[nn.Module, str]:
    what = f"ManualRNN({f}, {h})"
    torch.manual_seed(seed)
    model = attempt.ManualRNN(f, h)
    assert_type(model, nn.Module, what)
    return model, what


def same_weights(attempt, f: int, h: int, seed: int) -> tuple[nn.RNN, nn.Module, str]:
    rnn = reference_rnn(f, h, seed)
    model, what = manual_rnn(attempt, f, h, seed)
    load_same_weights(rnn, model)
    return rnn, model, what


def run(model: nn.Module, x: torch.Tensor, h0: torch.Tensor | None, what: str) -> tuple[torch.Tensor, torch.Tensor]:
    call = f"{what}(x of shape {tuple(x.shape)}{'' if h0 is None else f', h0 of shape {tuple(h0.shape)}'})"
    # model.forward, not model: its signature names the arguments in "h0 after the call (inputs must not ...)"
    out = call_pure(model.forward, x, what=call) if h0 is None else call_pure(model.forward, x, h0, what=call)
    assert_type(out, tuple, call)
    expect(len(out) == 2, f"{call}: expected a tuple (outputs, h_n), got {len(out)} items")
    return assert_tensor(out[0], f"{call}: outputs"), assert_tensor(out[1], f"{call}: h_n")


def loop(x: torch.Tensor, h0: torch.Tensor | None, rnn: nn.RNN, bug: str) -> tuple[torch.Tensor, torch.Tensor]:
    """A known wrong version of the recurrence, with nn.RNN's weights."""
    w_ih, w_hh, b_ih, b_hh = (getattr(rnn, n).detach() for n in NAMES)
    h = x.new_zeros(x.shape[0], w_hh.shape[0]) if h0 is None or bug == "no_h0" else h0[0]
    act = {"relu": torch.relu, "identity": lambda v: v}.get(bug, torch.tanh)
    outputs = []
    for t in range(x.shape[1]):
        recurrent = h @ (w_hh if bug == "hh_untransposed" else w_hh.T)
        h = act(x[:, t] @ w_ih.T + b_ih + recurrent + (0 if bug == "no_b_hh" else b_hh))
        outputs.append(h)
    return torch.stack(outputs, dim=1), h.unsqueeze(0)


def causes(x: torch.Tensor, h0: torch.Tensor | None, rnn: nn.RNN, part: int) -> dict:
    bugs = {
        "h_{t-1} @ weight_hh_l0 without the transpose (nn.RNN computes h_{t-1} W_hh^T)": "hh_untransposed",
        "bias_hh_l0 is not added (each step adds both biases)": "no_b_hh",
        "the nonlinearity is missing (an Elman RNN applies tanh at every step)": "identity",
        "ReLU instead of tanh": "relu",
    }
    if h0 is not None:
        bugs["h0 is ignored: the first step must start from h0[0]"] = "no_h0"
    return {cause: (lambda bug=bug: loop(x, h0, rnn, bug)[part]) for cause, bug in bugs.items()}


def compare(model: nn.Module, rnn: nn.RNN, x: torch.Tensor, h0: torch.Tensor | None, what: str) -> None:
    outputs, h_n = run(model, x, h0, what)
    with torch.no_grad():
        expected = rnn(x) if h0 is None else rnn(x, h0)
    call = f"{what}(x of shape {tuple(x.shape)}{'' if h0 is None else ', h0'}) vs nn.RNN with the same weights"
    assert_close(outputs, expected[0], REDUCTION, f"{call}: outputs", causes=causes(x, h0, rnn, 0))
    assert_close(h_n, expected[1], REDUCTION, f"{call}: h_n", causes=causes(x, h0, rnn, 1))


def sine_windows(n: int, t: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """n windows of sin(OMEGA * step + phase), t steps each, and the value after each window."""
    phase = torch.rand(n, 1, generator=generator(seed)) * 2 * math.pi
    wave = torch.sin(OMEGA * torch.arange(t + 1, dtype=torch.float32) + phase)
    return wave[:, :t, None], wave[:, t:]  # (n, t, 1), (n, 1)


@check("shape")
def test_parameters_named_like_nn_rnn(attempt):
    for f, h in [(3, 5), (1, 4), (6, 2)]:
        model, what = manual_rnn(attempt, f, h)
        shapes = {name: tuple(p.shape) for name, p in model.named_parameters()}
        expected = {"weight_ih_l0": (h, f), "weight_hh_l0": (h, h), "bias_ih_l0": (h,), "bias_hh_l0": (h,)}
        expect(
            sorted(shapes) == sorted(expected),
            f"{what}: expected the parameters {', '.join(NAMES)}, got {', '.join(sorted(shapes)) or 'none'}",
        )
        for name, shape in expected.items():
            expect(shapes[name] == shape, f"{what}.{name}: expected shape {shape}, got {shapes[name]}")
        buffers = sorted(name for name, _ in model.named_buffers())
        expect(not buffers, f"{what}: expected no buffers in the state_dict, got {buffers}")


@check("behaviour")
def test_parameters_initialised_like_nn_rnn(attempt):
    f, h = 40, 64
    model, what = manual_rnn(attempt, f, h, seed=1)
    bound = 1 / math.sqrt(h)
    for name, p in model.named_parameters():
        values = p.detach().double()
        expect(p.requires_grad, f"{what}.{name}: expected requires_grad=True")
        expect(bool(torch.isfinite(values).all()), f"{what}.{name}: holds NaN or inf (torch.empty is not initialised)")
        largest = values.abs().max().item()
        expect(
            largest <= bound * (1 + 1e-6),
            f"{what}.{name}: nn.RNN draws from U(-1/sqrt(H), 1/sqrt(H)) = U(-{bound:.4g}, {bound:.4g}), "
            f"got values up to {largest:.4g}",
        )
        std = values.std().item()
        expect(
            abs(std / (bound / math.sqrt(3)) - 1) <= 0.25,
            f"{what}.{name}: expected the spread of U(-{bound:.4g}, {bound:.4g}) (std {bound / math.sqrt(3):.4g}), "
            f"got std {std:.4g}",
        )


@check("shape")
def test_output_shapes(attempt):
    for i, (b, t, f, h) in enumerate(CASES):
        model, what = manual_rnn(attempt, f, h)
        x = randn(b, t, f, seed=10 + i)
        for h0 in (None, randn(1, b, h, seed=20 + i)):
            outputs, h_n = run(model, x, h0, what)
            call = f"{what}(x of shape {(b, t, f)}{'' if h0 is None else ', h0'})"
            assert_shape(outputs, (b, t, h), f"{call}: outputs")
            assert_shape(h_n, (1, b, h), f"{call}: h_n")


@check("numerics", points=2)
def test_matches_nn_rnn(attempt):
    for i, (b, t, f, h) in enumerate(CASES):
        rnn, model, what = same_weights(attempt, f, h, seed=30 + i)
        compare(model, rnn, randn(b, t, f, seed=40 + i), None, what)
    rnn, model, what = same_weights(attempt, 3, 5, seed=50)
    compare(model, rnn, randn(8, 4, 3, seed=51).transpose(0, 1), None, what)  # (4, 8, 3), non-contiguous


@check("numerics", points=2)
def test_initial_state_is_used(attempt):
    for i, (b, t, f, h) in enumerate(CASES):
        rnn, model, what = same_weights(attempt, f, h, seed=60 + i)
        x = randn(b, t, f, seed=70 + i)
        compare(model, rnn, x, randn(1, b, h, seed=80 + i), what)
        outputs, h_n = run(model, x, torch.zeros(1, b, h), what)
        expected = run(model, x, None, what)
        assert_close((outputs, h_n), expected, REDUCTION, f"{what}: h0 of zeros vs h0=None (outputs, h_n)")


@check("gradient", points=2)
def test_gradients_match_nn_rnn(attempt):
    for i, (b, t, f, h) in enumerate(CASES):
        rnn, model, what = same_weights(attempt, f, h, seed=90 + i)
        x, h0 = randn(b, t, f, seed=100 + i), randn(1, b, h, seed=110 + i)
        outputs, h_n = run(model, x, h0, what)  # shapes by name first: the gradient helper counts outputs
        assert_shape(outputs, (b, t, h), f"{what}(x of shape {(b, t, f)}, h0): outputs")
        assert_shape(h_n, (1, b, h), f"{what}(x of shape {(b, t, f)}, h0): h_n")
        for inputs, shown in (({"x": x, "h0": h0}, ", h0"), ({"x": x}, "")):
            call = f"{what}(x of shape {(b, t, f)}{shown}) vs nn.RNN with the same weights"
            try:
                assert_grads_match(model, rnn, inputs, what=call, attempt_module=model, reference_module=rnn)
            except RuntimeError as err:  # autograd's own error (an in-place write to a saved tensor, say)
                raise CheckFailed(f"{call}: the backward pass raised RuntimeError: {err}") from err


@check("shape")
def test_forecaster_output_shape(attempt, monkeypatch):
    allow_forbidden(monkeypatch, *FORBIDDEN)
    for hidden in (8, 32):
        torch.manual_seed(0)
        model = attempt.RNNForecaster(hidden)
        assert_type(model, nn.Module, f"RNNForecaster({hidden})")
        for b, t in [(5, 12), (1, 12), (5, 1), (1, 1)]:
            x = randn(b, t, 1, seed=120 + b + t)
            what = f"RNNForecaster({hidden})(x of shape {(b, t, 1)})"
            assert_shape(assert_tensor(call_pure(model, x, what=what), what), (b, 1), what)


@check("behaviour", points=3)
def test_forecaster_trains_on_a_sine_wave(attempt, monkeypatch):
    allow_forbidden(monkeypatch, *FORBIDDEN)
    torch.manual_seed(1)
    model = attempt.RNNForecaster(32)
    what = "RNNForecaster(32) on windows of 12 steps of sin(2 pi t / 16)"
    assert_type(model, nn.Module, "RNNForecaster(32)")
    x, _ = sine_windows(32, 12, seed=999)
    assert_shape(assert_tensor(model(x), f"{what}: the prediction"), (32, 1), f"{what}: the prediction")
    assert_trains(
        model, lambda step: sine_windows(32, 12, 1000 + step), F.mse_loss, max_loss=0.02, steps=150, what=what
    )
    x, y = sine_windows(256, 12, seed=7)
    model.eval()
    with torch.no_grad():
        prediction = assert_tensor(model(x), f"{what}, after training")
    assert_shape(prediction, (256, 1), f"{what}, after training")
    mse = F.mse_loss(prediction, y).item()
    expect(
        mse <= 0.005,
        f"{what}: after 150 Adam steps the next-value MSE on new windows is {mse:.4g}, needs <= 0.005 "
        f"(repeating the last value gives {F.mse_loss(x[:, -1], y).item():.3f})",
    )
