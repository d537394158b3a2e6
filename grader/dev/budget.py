"""The grading budget, printed at the end of a test run: seconds spent grading each question's self-tests.

Reported, never asserted. Counts the call phase of every `slow`-marked test whose id names a question stem
(`test_questions.py::...[008_euclidean_distance/wrong_uses_cdist]`). Under pytest-xdist the controller sees
every worker's reports in `pytest_runtest_logreport`, so the totals cover the whole run.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

STEM = re.compile(r"\[(\d{3}_[a-z][a-z0-9_]*)")
TOP = 10


class Budget:
    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.tests: defaultdict[str, int] = defaultdict(int)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" and "slow" in report.keywords and (found := STEM.search(report.nodeid)):
            self.seconds[found[1]] += report.duration
            self.tests[found[1]] += 1

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.seconds:
            return
        total, count = sum(self.seconds.values()), sum(self.tests.values())
        terminalreporter.write_sep(
            "-", f"grading budget: {count} self-tests of {len(self.seconds)} questions took {total:.1f} s"
        )
        slowest = sorted(self.seconds.items(), key=lambda item: -item[1])[:TOP]
        for stem, seconds in slowest:
            tests = self.tests[stem]
            terminalreporter.write_line(f"{seconds:8.1f} s  {stem} ({tests} self-test{'' if tests == 1 else 's'})")


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # an xdist worker: its controller gets the reports and prints
        config.pluginmanager.register(Budget(), "grading-budget")
