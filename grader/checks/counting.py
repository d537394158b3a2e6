"""Counting the torch operations a call makes: the "no Python loop" check.

    small = count_torch_calls(attempt.pairwise_distance, randn(3, 4, seed=1), randn(4, 4, seed=2))
    large = count_torch_calls(attempt.pairwise_distance, randn(150, 4, seed=3), randn(130, 4, seed=4))
    expect(large <= 2 * small + 10, "... the work grows with n and m: a Python loop over the points?")

A vectorised implementation makes about as many torch calls for 150 points as for 3; a loop over the
points makes ~50 times more. `CountTorchCalls` (a `TorchFunctionMode`) counts every torch function and
tensor method called at the top level inside its `with` block, and which ones (`counter.by_name`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from torch.overrides import TorchFunctionMode


class CountTorchCalls(TorchFunctionMode):
    """Counts the torch functions and tensor methods called inside the `with` block."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0
        self.by_name: Counter[str] = Counter()

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.calls += 1
        self.by_name[getattr(func, "__qualname__", None) or getattr(func, "__name__", repr(func))] += 1
        return func(*args, **(kwargs or {}))


def count_torch_calls(fn: Callable, *args: object, **kwargs: object) -> int:
    """How many torch functions and tensor methods `fn(*args, **kwargs)` called."""
    with CountTorchCalls() as counter:
        fn(*args, **kwargs)
    return counter.calls
