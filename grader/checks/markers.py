"""`@check(kind, points)`: what a test checks and how much it weighs in the score."""

from __future__ import annotations

import pytest

from grader.result import KINDS


def check(kind: str, points: float = 1.0) -> pytest.MarkDecorator:
    """Mark a test as one graded check, e.g. `@check("gradient", points=2)`."""
    if kind not in KINDS:
        raise ValueError(f"unknown check kind {kind!r}; use one of {', '.join(KINDS)}")
    if points <= 0:
        raise ValueError("points must be positive")
    return pytest.mark.check(kind=kind, points=float(points))
