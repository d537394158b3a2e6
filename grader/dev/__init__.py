"""Tools for contributors, run from a clone: `python -m grader.dev new 29` creates a question's files from
its catalog entry; `python -m grader.dev check [29 ...]` lints the house conventions and check coverage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader.catalog import Question
from grader.paths import PACKAGE_DIR

REPO = PACKAGE_DIR.parent


@dataclass(frozen=True)
class Trees:
    """Where a question's files live: the clone's trees by default, or the same layout under another root."""

    root: Path = REPO

    @property
    def exercises(self) -> Path:
        return self.root / "exercises"

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def suites(self) -> Path:
        return self.root / "grader" / "suites"

    @property
    def attempts(self) -> Path:
        return self.root / "tests" / "attempts"

    def stub(self, q: Question) -> Path:
        return self.exercises / q.relpath

    def reference(self, q: Question) -> Path:
        return self.solutions / q.relpath

    def suite(self, q: Question) -> Path:
        return self.suites / q.section / f"test_{q.stem}.py"

    def attempt_dir(self, q: Question) -> Path:
        return self.attempts / q.stem

    def landed(self, q: Question) -> bool:
        return all(p.is_file() for p in (self.stub(q), self.reference(q), self.suite(q)))

    def shown(self, path: Path) -> str:
        """`path` as messages write it: relative to the root."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


CLONE = Trees()
