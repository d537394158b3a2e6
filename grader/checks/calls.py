"""Calling the attempt: no hidden in-place changes to the arguments, and the right exception."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import numpy as np
import torch

from grader.checks.compare import EXACT, assert_close, describe
from grader.checks.errors import CheckFailed


def _argument_names(fn: Callable, args: tuple, kwargs: dict) -> list[tuple[str, object]]:
    try:
        bound = inspect.signature(fn).bind(*args, **kwargs)
        return list(bound.arguments.items())
    except (TypeError, ValueError):
        return [(f"argument {i + 1}", a) for i, a in enumerate(args)] + list(kwargs.items())


def _copy(value: object) -> object:
    if isinstance(value, torch.Tensor):
        return value.detach().clone()
    if isinstance(value, np.ndarray):
        return value.copy()
    return None


def call_pure(fn: Callable, *args: object, what: str, **kwargs: object) -> object:
    """`fn(*args, **kwargs)`, failing the check if it changed a tensor or array argument in place."""
    watched = [(name, value, _copy(value)) for name, value in _argument_names(fn, args, kwargs)]
    out = fn(*args, **kwargs)
    for name, value, before in watched:
        if before is not None:
            now = value.detach() if isinstance(value, torch.Tensor) else value
            assert_close(now, before, EXACT, f"{what}: {name} after the call (inputs must not be modified)")
    return out


def expect_raises(
    expected: type[BaseException], fn: Callable, *args: object, what: str, **kwargs: object
) -> BaseException:
    """Call `fn` and require it to raise `expected`; returns the exception for checks on its message.

    NotImplementedError passes through, so an untouched stub reads "not implemented yet".
    """
    try:
        out = fn(*args, **kwargs)
    except expected as err:
        return err
    except NotImplementedError:
        raise
    except Exception as err:
        raise CheckFailed(f"{what}: expected {expected.__name__}, got {type(err).__name__}: {err}") from None
    got = f"shape {tuple(out.shape)}" if isinstance(out, torch.Tensor) else describe(out)
    raise CheckFailed(f"{what}: expected {expected.__name__}, got a result of {got}")
