"""Module helpers: the same weights in reference and attempt, a "trains" check, and "left as it was".

load_same_weights(reference_model, attempt_model)      # names and shapes explained when they differ
assert_trains(model, batch, loss_fn, max_loss=0.05)     # Adam for `steps` steps reaches `max_loss`
with assert_unchanged(model, "the caller's model"):     # parameters, buffers, requires_grad, modes, hooks
    attempt.quantize_dynamic_linear(model)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import torch
from torch import nn

from grader.checks.compare import _index_str, dtype_str, shape_str
from grader.checks.errors import CheckFailed

_isnan, _where, _argmax, _abs, _count_nonzero = torch.isnan, torch.where, torch.argmax, torch.abs, torch.count_nonzero
_clone, _detach, _to = torch.Tensor.clone, torch.Tensor.detach, torch.Tensor.to


def load_same_weights(reference: nn.Module, attempt: nn.Module) -> None:
    """Load the reference's state_dict into the attempt, explaining any naming or shape mismatch."""
    expected = reference.state_dict()
    got = attempt.state_dict()
    missing = [k for k in expected if k not in got]
    unexpected = [k for k in got if k not in expected]
    if missing or unexpected:
        parts = []
        if missing:
            parts.append(f"missing {', '.join(missing[:6])}{' ...' if len(missing) > 6 else ''}")
        if unexpected:
            parts.append(f"unexpected {', '.join(unexpected[:6])}{' ...' if len(unexpected) > 6 else ''}")
        raise CheckFailed(
            f"state_dict names differ from the spec: {'; '.join(parts)} (use the attribute names it gives)"
        )
    for key, value in expected.items():
        if got[key].shape != value.shape:
            raise CheckFailed(f"{key} shape: expected {shape_str(value.shape)}, got {shape_str(got[key].shape)}")
    attempt.load_state_dict(expected)


def assert_trains(
    model: nn.Module,
    batch: Callable[[int], tuple[torch.Tensor, torch.Tensor]],
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    *,
    max_loss: float,
    steps: int = 200,
    lr: float = 1e-2,
    what: str = "model",
) -> float:
    """Train with Adam on `batch(step) -> (inputs, targets)` and require the final loss <= `max_loss`."""
    params = [p for p in model.parameters() if p.requires_grad]
    if not params:
        raise CheckFailed(f"{what} has no trainable parameters")
    optimizer = torch.optim.Adam(params, lr=lr)
    model.train()
    first = last = float("nan")
    for step in range(steps):
        inputs, targets = batch(step)
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), targets)
        last = float(loss.detach())
        if step == 0:
            first = last
        if not math.isfinite(last):
            raise CheckFailed(f"{what} did not train: the loss became {last} at step {step}")
        loss.backward()
        optimizer.step()
    if last > max_loss:
        raise CheckFailed(
            f"{what} did not train: loss {first:.4g} -> {last:.4g} after {steps} steps (needs <= {max_loss:g})"
        )
    return last


@dataclass
class _State:
    parameters: dict[str, tuple[torch.Tensor, bool]]
    buffers: dict[str, torch.Tensor]
    training: dict[str, bool]
    hooks: dict[str, int]


_HOOKS = ("_forward_hooks", "_forward_pre_hooks", "_backward_hooks", "_backward_pre_hooks")


def _state(model: nn.Module) -> _State:
    return _State(
        parameters={n: (_clone(_detach(p)), p.requires_grad) for n, p in model.named_parameters()},
        buffers={n: _clone(_detach(b)) for n, b in model.named_buffers()},
        training={n: m.training for n, m in model.named_modules()},
        hooks={n: sum(len(getattr(m, h, ())) for h in _HOOKS) for n, m in model.named_modules()},
    )


def _module_label(name: str, model: nn.Module) -> str:
    return "the model" if not name else f"{name} ({type(model.get_submodule(name)).__name__})"


def _describe_tensor(t: torch.Tensor) -> str:
    device = "" if t.device.type == "cpu" else f" on {t.device}"
    return f"shape {shape_str(t.shape)} {dtype_str(t.dtype)}{device}"


def _change(before: torch.Tensor, after: torch.Tensor) -> str | None:
    """How `after` differs from `before`, or None when they are equal (NaN equals NaN)."""
    if before.shape != after.shape or before.dtype != after.dtype or before.device != after.device:
        return f"changed from {_describe_tensor(before)} to {_describe_tensor(after)}"
    same = after == before
    if after.is_floating_point() or after.is_complex():
        same = same | (_isnan(after) & _isnan(before))
    if bool(same.all()):
        return None
    if not (after.is_floating_point() or after.is_complex()):
        return f"changed ({int(_count_nonzero(~same))} of {same.numel()} elements)"
    diff = _where(same, 0.0, _abs(_to(after, torch.float64) - _to(before, torch.float64))).reshape(-1)
    worst = int(_argmax(diff))
    return f"changed (greatest absolute difference {float(diff[worst]):.2e}{_index_str(worst, after.shape)})"


def _compare_names(kind: str, before: dict, after: dict, what: str) -> None:
    missing, new = [n for n in before if n not in after], [n for n in after if n not in before]
    if missing or new:
        parts = [f"missing {', '.join(missing[:4])}"] if missing else []
        parts += [f"new {', '.join(new[:4])}"] if new else []
        raise CheckFailed(f"{what}: its {kind} changed names ({'; '.join(parts)}): leave the caller's model as it was")


@contextmanager
def assert_unchanged(model: nn.Module, what: str = "the model") -> Iterator[None]:
    """Fails on exit (unless the body raised) if `model` changed: the first parameter or buffer whose value,
    shape, dtype or device changed (with the greatest absolute difference), a requires_grad flag, a training
    flag that was not restored, or a hook left registered."""
    before = _state(model)
    yield
    after = _state(model)
    _compare_names("parameters", before.parameters, after.parameters, what)
    for name, (value, requires_grad) in before.parameters.items():
        now, now_requires_grad = after.parameters[name]
        if change := _change(value, now):
            raise CheckFailed(f"{what}: parameter {name} {change}")
        if requires_grad != now_requires_grad:
            raise CheckFailed(f"{what}: parameter {name} had requires_grad={requires_grad}, now {now_requires_grad}")
    _compare_names("buffers", before.buffers, after.buffers, what)
    for name, value in before.buffers.items():
        if change := _change(value, after.buffers[name]):
            raise CheckFailed(f"{what}: buffer {name} {change}")
    for name, training in before.training.items():
        if name in after.training and after.training[name] != training:
            mode, now = ("train", "eval") if training else ("eval", "train")
            raise CheckFailed(
                f"{what}: {_module_label(name, model)} was in {mode} mode and is left in {now} mode: restore its mode"
            )
    for name, count in after.hooks.items():
        if count > before.hooks.get(name, 0):
            raise CheckFailed(f"{what}: {_module_label(name, model)} has hooks left registered: remove them")
