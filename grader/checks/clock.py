"""A scripted clock for timing questions: `time.perf_counter()` returns what the suite says.

    clock = ScriptedClock(step=0.0).install(monkeypatch)   # patches time.perf_counter
    def fn():                                              # a "function" that takes 2 ms, then 5 ms, ...
        clock.advance(next(durations))
    stats = attempt.measure_latency(fn, warmup=3, iters=50)

    ScriptedClock([0.0, 0.5, 2.0]).install(monkeypatch, "perf_counter", "monotonic")  # exact readings

With `times`, each reading returns the next value and one reading too many fails the check ("the scripted
clock ran out: time.perf_counter() was read more than 3 times"). Without, it reads `start`, advanced by
`step` after every reading and by `advance(seconds)`. Attempts must call `time.perf_counter()` (the module
attribute): `from time import perf_counter` binds the real clock before the suite patches it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import pytest

from grader.checks.errors import CheckFailed

CLOCKS = ("perf_counter", "monotonic", "time", "perf_counter_ns", "monotonic_ns", "time_ns")


class ScriptedClock:
    """Readings in seconds from a script (`times`) or from `start` moving by `step` and `advance()`."""

    def __init__(self, times: Sequence[float] | None = None, *, start: float = 0.0, step: float = 0.0) -> None:
        self._times = None if times is None else [float(t) for t in times]
        self.now = float(start)
        self.step = float(step)
        self.readings: list[float] = []  # every value returned, in order
        self.names = "time.perf_counter()"

    def __call__(self) -> float:
        if self._times is not None:
            if len(self.readings) >= len(self._times):
                raise CheckFailed(
                    f"the scripted clock ran out: {self.names} was read more than {len(self._times)} times "
                    "(more clock readings than the measurement needs)"
                )
            self.now = self._times[len(self.readings)]
        else:
            self.now += self.step if self.readings else 0.0
        self.readings.append(self.now)
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward (a scripted function "taking" `seconds`)."""
        if self._times is not None:
            raise ValueError("advance() is for a clock without scripted times")
        self.now += float(seconds)

    @property
    def calls(self) -> int:
        return len(self.readings)

    def install(self, monkeypatch: pytest.MonkeyPatch, *names: str) -> ScriptedClock:
        """Patch `time.<name>` for each name (default perf_counter); `*_ns` variants read integers."""
        names = names or ("perf_counter",)
        for name in names:
            if name not in CLOCKS:
                raise ValueError(f"ScriptedClock.install: unknown clock {name!r}; use one of {', '.join(CLOCKS)}")
            monkeypatch.setattr(time, name, self._ns if name.endswith("_ns") else self)
        self.names = " / ".join(f"time.{n}()" for n in names)
        return self

    def _ns(self) -> int:
        return round(self() * 1e9)
