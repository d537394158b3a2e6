"""`@check(kind, points)`: what a test checks and how much it weighs in the score."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from grader.result import KINDS


def check(kind: str, points: float = 1.0, timeout_s: float | None = None) -> Callable:
    """Mark a test as one graded check, e.g. `@check("gradient", points=2)`.

    `timeout_s` gives a heavy check more (or less) time than the question's `check_timeout_s`; the whole
    grade still has to fit in the question's `timeout_s`.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown check kind {kind!r}; use one of {', '.join(KINDS)}")
    if points <= 0:
        raise ValueError("points must be positive")
    mark = pytest.mark.check(kind=kind, points=float(points))
    if timeout_s is None:
        return mark
    if timeout_s <= 0:
        raise ValueError("timeout_s must be positive")
    return lambda test: pytest.mark.timeout(timeout_s)(mark(test))
