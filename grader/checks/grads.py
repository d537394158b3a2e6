"""Gradient checks: attempt vs reference for inputs and every parameter, and `gradcheck` in float64."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import torch
from torch import nn

from grader.checks.compare import REDUCTION, Tol, assert_close, assert_tensor, describe
from grader.checks.errors import CheckFailed
from grader.checks.rng import generator

_grad = torch.autograd.grad
_gradcheck = torch.autograd.gradcheck


def weighted_sum(output: torch.Tensor | tuple | list, seed: int = 1234) -> torch.Tensor:
    """`(out * w).sum()` with seeded random weights w, the same for the same output shapes.

    Random weights, not a bare `.sum()`: softmax rows sum to one, so the gradient of a plain sum
    would be zero whatever the implementation.
    """
    outputs = output if isinstance(output, (tuple, list)) else (output,)
    total = torch.zeros((), dtype=torch.float64)
    for i, out in enumerate(outputs):
        if isinstance(out, torch.Tensor) and out.is_floating_point():
            w = torch.randn(out.shape, generator=generator(seed + i), dtype=out.dtype).to(out.device)
            total = total + (out * w).sum().to(torch.float64)
    return total


def _leaves(inputs: Mapping[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    return {
        name: t.detach().clone().requires_grad_(t.is_floating_point()) if isinstance(t, torch.Tensor) else t
        for name, t in inputs.items()
    }


def _backward(fn: Callable, inputs: Mapping[str, object], module: nn.Module | None, what: str) -> dict:
    leaves = _leaves(inputs)
    output = fn(*leaves.values())
    if isinstance(output, (tuple, list)):
        for i, out in enumerate(output):
            assert_tensor(out, f"{what}[{i}]")
    else:
        assert_tensor(output, what)
    loss = weighted_sum(output)
    if not loss.requires_grad:
        raise CheckFailed(f"{what} is not connected to the inputs: no gradient flows back (detached?)")
    targets = {f"input {n}": t for n, t in leaves.items() if isinstance(t, torch.Tensor) and t.requires_grad}
    if module is not None:
        targets.update({n: p for n, p in module.named_parameters() if p.requires_grad})
    grads = _grad(loss, list(targets.values()), allow_unused=True)
    return dict(zip(targets, grads, strict=True))


def assert_grads_match(
    attempt_fn: Callable,
    reference_fn: Callable,
    inputs: Mapping[str, object],
    tol: Tol = REDUCTION,
    attempt_module: nn.Module | None = None,
    reference_module: nn.Module | None = None,
    what: str = "output",
) -> None:
    """Backprop the same seeded weighted sum through both; compare input and parameter gradients by name."""
    expected = _backward(reference_fn, inputs, reference_module, what)
    actual = _backward(attempt_fn, inputs, attempt_module, what)
    for name, ref_grad in expected.items():
        if name not in actual:
            raise CheckFailed(f"gradient of {name}: the attempt has no such parameter")
        got = actual[name]
        if ref_grad is None:
            if got is not None and bool(got.ne(0).any()):
                raise CheckFailed(f"gradient of {name}: expected none, got {describe(got)}")
            continue
        if got is None:
            raise CheckFailed(f"gradient of {name}: none flowed back (is it detached or unused?)")
        assert_close(got, ref_grad, tol, what=f"gradient of {name}")


def assert_gradcheck(fn: Callable, *inputs: torch.Tensor, what: str = "backward") -> None:
    """`torch.autograd.gradcheck` in float64: the hand-written backward agrees with finite differences."""
    doubles = tuple(t.detach().to(torch.float64).requires_grad_(t.is_floating_point()) for t in inputs)
    try:
        ok = _gradcheck(fn, doubles, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True)
    except RuntimeError as err:
        first = str(err).strip().splitlines()[0]
        raise CheckFailed(f"gradcheck of {what} failed (float64 finite differences): {first}") from None
    if not ok:
        raise CheckFailed(f"gradcheck of {what} failed (float64 finite differences)")
