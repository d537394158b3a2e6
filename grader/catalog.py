"""The catalog of all 92 questions (`catalog.toml`) and where each question's files are."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from grader.paths import EXERCISES_DIR, PACKAGE_DIR, SOLUTIONS_DIR, SUITES_DIR

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CATALOG_FILE = PACKAGE_DIR / "catalog.toml"
DIFFICULTIES = ("easy", "medium", "hard")
DEFAULT_TIMEOUT_S = 60.0
DEFAULT_CHECK_TIMEOUT_S = 20.0
DEFAULT_MEMORY_MB = 4096
IMPORT_NAMES = {"pillow": "PIL"}  # pip name -> import name, where they differ beyond "-" -> "_"


def import_name(package: str) -> str:
    """The top-level module a pip package installs: `pillow` -> `PIL`, `pytest-timeout` -> `pytest_timeout`."""
    return IMPORT_NAMES.get(package, package.replace("-", "_"))


def missing_packages(packages: Iterable[str]) -> list[str]:
    """The pip names in `packages` that cannot be imported here, found without importing any of them."""
    return [p for p in packages if importlib.util.find_spec(import_name(p)) is None]


class UnknownQuestion(LookupError):
    """A question number or slug that is not in the catalog."""


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    title_zh: str
    first: int
    last: int


@dataclass(frozen=True)
class Question:
    number: int
    slug: str
    title: str
    title_zh: str
    section: str
    difficulty: str
    minutes: int
    tags: tuple[str, ...]
    hints: tuple[str, ...]
    timeout_s: float = DEFAULT_TIMEOUT_S
    check_timeout_s: float = DEFAULT_CHECK_TIMEOUT_S
    memory_mb: int = DEFAULT_MEMORY_MB
    cuda: bool = False
    requires: tuple[str, ...] = ()  # pip names of the extra packages its suite and reference import

    @property
    def stem(self) -> str:
        return f"{self.number:03d}_{self.slug}"

    @property
    def relpath(self) -> Path:
        """`01_basics/001_tensor_to_numpy.py`, the same in the exercise and solution trees."""
        return Path(self.section) / f"{self.stem}.py"

    @property
    def exercise_path(self) -> Path:
        return EXERCISES_DIR / self.relpath

    @property
    def solution_path(self) -> Path:
        return SOLUTIONS_DIR / self.relpath

    @property
    def suite_path(self) -> Path:
        return SUITES_DIR / self.section / f"test_{self.stem}.py"

    @property
    def available(self) -> bool:
        """True once the stub, the reference and the suite have all landed."""
        return self.exercise_path.is_file() and self.solution_path.is_file() and self.suite_path.is_file()


@dataclass(frozen=True)
class Catalog:
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]

    def get(self, key: int | str) -> Question:
        """A question by number (`29`, `"29"`) or slug (`"focal_loss"`)."""
        text = str(key).strip()
        for q in self.questions:
            if (text.isdigit() and q.number == int(text)) or text in (q.slug, q.stem):
                return q
        raise UnknownQuestion(f"unknown question {key!r}: choose a number from 1 to {len(self.questions)}")

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if section_id in (s.id, s.id[3:], s.id[:2]):
                return s
        names = ", ".join(s.id for s in self.sections)
        raise UnknownQuestion(f"unknown section {section_id!r}: choose one of {names}")

    def in_section(self, section_id: str) -> list[Question]:
        sid = self.section(section_id).id
        return [q for q in self.questions if q.section == sid]

    def required_packages(self) -> dict[str, tuple[int, ...]]:
        """Every package some question requires, with the numbers of the questions that need it."""
        needed: dict[str, list[int]] = {}
        for q in self.questions:
            for package in q.requires:
                needed.setdefault(package, []).append(q.number)
        return {package: tuple(numbers) for package, numbers in sorted(needed.items())}


@cache
def load_catalog(path: Path = CATALOG_FILE) -> Catalog:
    with open(path, "rb") as f:
        data = tomllib.load(f)
    sections = tuple(Section(**s) for s in data["section"])
    questions = []
    for entry in data["question"]:
        entry = dict(entry)
        entry["tags"] = tuple(entry.get("tags", ()))
        entry["hints"] = tuple(entry.get("hints", ()))
        entry["requires"] = tuple(entry.get("requires", ()))
        questions.append(Question(**entry))
    return Catalog(sections=sections, questions=tuple(questions))
