"""Module helpers: the same weights in reference and attempt, and a "trains" check."""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
from torch import nn

from grader.checks.compare import shape_str
from grader.checks.errors import CheckFailed


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
