"""Gradient checks: attempt vs reference for inputs and every parameter, input gradients, `gradcheck`.

    assert_grads_match(attempt.f, reference.f, {"a": a, "b": b}, attempt_module=m1, reference_module=m2)
    out, grads = input_gradients(attempt.f, {"a": a, "b": b})   # grads["a"], grads["b"]
    assert_gradcheck(attempt.MyFunction.apply, x)              # float64 finite differences

All backpropagate `weighted_sum(output)`: seeded random weights, drawn in float64 and cast to each
output's dtype, so the same output shapes get the same weights whatever the dtype. `assert_grads_match`
compares the outputs' structure, shapes and dtypes first: a dtype bug is reported as one, not as a
wrong gradient.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import torch
from torch import nn

from grader.checks.calls import call
from grader.checks.compare import REDUCTION, Tol, assert_close, assert_dtype, assert_shape, assert_tensor, describe
from grader.checks.errors import CheckFailed
from grader.checks.rng import generator

_grad = torch.autograd.grad
_gradcheck = torch.autograd.gradcheck
_randn, _zeros, _float64 = torch.randn, torch.zeros, torch.float64


def weighted_sum(output: torch.Tensor | tuple | list, seed: int = 1234) -> torch.Tensor:
    """`(out * w).sum()` in float64 with seeded random weights w, the same for the same output shapes.

    Random weights, not a bare `.sum()`: softmax rows sum to one, so the gradient of a plain sum
    would be zero whatever the implementation. Non-float outputs (indices, masks) are skipped.
    """
    outputs = output if isinstance(output, (tuple, list)) else (output,)
    total = _zeros((), dtype=_float64)
    for i, out in enumerate(outputs):
        if isinstance(out, torch.Tensor) and out.is_floating_point():
            w = _randn(tuple(out.shape), generator=generator(seed + i), dtype=_float64)
            total = total + (out * w.to(device=out.device, dtype=out.dtype)).sum().to(_float64)
    return total


def _leaves(inputs: Mapping[str, object], wrt: Iterable[str] | None = None) -> dict[str, object]:
    names = set(inputs) if wrt is None else set(wrt)
    leaves: dict[str, object] = {}
    for name, value in inputs.items():
        if isinstance(value, torch.Tensor):
            grad = name in names and value.is_floating_point()
            if wrt is not None and name in names and not grad:
                raise ValueError(f"input_gradients: {name} is not a floating-point tensor")
            value = value.detach().clone().requires_grad_(grad)
        leaves[name] = value
    return leaves


def _check_outputs(output: object, what: str) -> object:
    """The attempt's output(s) as plain tensors (still attached to the graph), or the check fails."""
    if isinstance(output, (tuple, list)):
        outputs = [assert_tensor(out, f"{what}[{i}]") for i, out in enumerate(output)]
        return tuple(outputs) if isinstance(output, tuple) else outputs
    return assert_tensor(output, what)


def _check_layout(actual: object, expected: object, what: str) -> None:
    """The attempt's outputs have the reference's structure, shapes and dtypes (before any gradient)."""
    if isinstance(expected, (tuple, list)):
        if not isinstance(actual, (tuple, list)) or len(actual) != len(expected):
            got = f"{describe(actual)} of {len(actual)}" if isinstance(actual, (tuple, list)) else describe(actual)
            raise CheckFailed(f"{what}: expected a {type(expected).__name__} of {len(expected)}, got {got}")
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            _check_layout(a, e, f"{what}[{i}]")
    elif isinstance(expected, torch.Tensor):
        assert_tensor(actual, what)
        assert_shape(actual, expected.shape, what)
        assert_dtype(actual, expected.dtype, what)


def _gradients(output: object, targets: Mapping[str, torch.Tensor], what: str) -> dict[str, torch.Tensor | None]:
    loss = weighted_sum(output)
    if not loss.requires_grad:
        raise CheckFailed(f"{what} is not connected to the inputs: no gradient flows back (detached?)")
    grads = _grad(loss, list(targets.values()), allow_unused=True)
    return dict(zip(targets, grads, strict=True))


def _targets(leaves: Mapping[str, object], module: nn.Module | None) -> dict[str, torch.Tensor]:
    targets = {f"input {n}": t for n, t in leaves.items() if isinstance(t, torch.Tensor) and t.requires_grad}
    if module is not None:
        targets.update({n: p for n, p in module.named_parameters() if p.requires_grad})
    return targets


def input_gradients(
    fn: Callable, inputs: Mapping[str, object], wrt: Iterable[str] | None = None, what: str = "output"
) -> tuple[object, dict[str, torch.Tensor]]:
    """`fn(*inputs.values())` and the gradients of `weighted_sum` of it w.r.t. the named inputs.

    `wrt` names the inputs to differentiate (default: every floating-point tensor); each must get a
    gradient, or the check fails naming it. Returns the output (still attached) and {name: gradient}.
    """
    leaves = _leaves(inputs, wrt)
    output = call(fn, *leaves.values(), what=_call_name(what))
    output = _check_outputs(output, what)
    targets = {n: t for n, t in leaves.items() if isinstance(t, torch.Tensor) and t.requires_grad}
    grads = _gradients(output, targets, what)
    for name, grad in grads.items():
        if grad is None:
            raise CheckFailed(f"{what}: no gradient flowed back to {name} (is it detached or unused?)")
    return output, grads


def assert_grads_match(
    attempt_fn: Callable,
    reference_fn: Callable,
    inputs: Mapping[str, object],
    tol: Tol = REDUCTION,
    attempt_module: nn.Module | None = None,
    reference_module: nn.Module | None = None,
    what: str = "output",
) -> None:
    """Backprop the same seeded weighted sum through both; compare input and parameter gradients by name.

    The outputs' structure, shapes and dtypes are compared first.
    """
    ref_leaves = _leaves(inputs)
    ref_output = reference_fn(*ref_leaves.values())
    leaves = _leaves(inputs)
    output = call(attempt_fn, *leaves.values(), what=_call_name(what))
    output = _check_outputs(output, what)
    _check_layout(output, ref_output, what)
    expected = _gradients(ref_output, _targets(ref_leaves, reference_module), what)
    actual = _gradients(output, _targets(leaves, attempt_module), what)
    prefix = "" if what == "output" else f"{what}: "
    for name, ref_grad in expected.items():
        if name not in actual:
            raise CheckFailed(f"{prefix}gradient of {name}: the attempt has no such parameter")
        got = actual[name]
        if ref_grad is None:
            if got is not None and bool(got.ne(0).any()):
                raise CheckFailed(f"{prefix}gradient of {name}: expected none, got {describe(got)}")
            continue
        if got is None:
            raise CheckFailed(f"{prefix}gradient of {name}: none flowed back (is it detached or unused?)")
        assert_close(got, ref_grad, tol, what=f"{prefix}gradient of {name}")


def _call_name(what: str) -> str | None:
    """The name a failing call gets: the check's `what`, or (by default) the call with its inputs."""
    return None if what == "output" else what


def assert_gradcheck(fn: Callable, *inputs: torch.Tensor, what: str = "backward") -> None:
    """`torch.autograd.gradcheck` in float64: the hand-written backward agrees with finite differences."""
    doubles = tuple(t.detach().to(torch.float64).requires_grad_(t.is_floating_point()) for t in inputs)
    try:
        ok = _gradcheck(fn, doubles, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True)
    except RuntimeError as err:
        first = (str(err).strip().splitlines() or [type(err).__name__])[0]
        raise CheckFailed(f"gradcheck of {what} failed (float64 finite differences): {first}") from None
    if not ok:
        raise CheckFailed(f"gradcheck of {what} failed (float64 finite differences)")
