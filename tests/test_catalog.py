"""The catalog: 92 entries numbered and titled as in the question list, and the three trees aligned."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from grader.catalog import DIFFICULTIES, UnknownQuestion, import_name, load_catalog, missing_packages, tomllib
from grader.paths import EXERCISES_DIR, SOLUTIONS_DIR, SUITES_DIR

SEED_LIST = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "003_54cdb2f51f0cc42d.txt"
CATALOG = load_catalog()


def test_has_92_questions_numbered_in_order() -> None:
    assert [q.number for q in CATALOG.questions] == list(range(1, 93))


def test_slugs_are_unique_identifiers() -> None:
    slugs = [q.slug for q in CATALOG.questions]
    assert len(set(slugs)) == 92
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", s) for s in slugs)


def test_sections_cover_their_number_ranges() -> None:
    for section in CATALOG.sections:
        numbers = [q.number for q in CATALOG.questions if q.section == section.id]
        assert numbers == list(range(section.first, section.last + 1)), section.id


@pytest.mark.parametrize("question", CATALOG.questions, ids=lambda q: q.stem)
def test_entry_is_complete(question) -> None:
    assert question.title and question.title_zh and question.tags
    assert question.difficulty in DIFFICULTIES
    assert 2 <= len(question.hints) <= 3
    assert 1 <= question.minutes <= 90


@pytest.mark.skipif(not SEED_LIST.exists(), reason="the seed documents are not next to this checkout")
def test_chinese_titles_are_the_question_list_verbatim() -> None:
    lines = SEED_LIST.read_text(encoding="utf-8").splitlines()
    numbered = {int(m[1]): m[2].rstrip() for line in lines[:120] if (m := re.match(r"^(\d+)\. (.*)$", line))}
    assert {q.number: q.title_zh for q in CATALOG.questions} == numbered


def test_every_landed_question_has_all_three_files() -> None:
    for q in CATALOG.questions:
        present = [q.exercise_path.is_file(), q.solution_path.is_file(), q.suite_path.is_file()]
        assert all(present) or not any(present), f"{q.stem}: stub, reference and suite must land together"


def _python_files(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*.py") if "__pycache__" not in p.parts and p.name != "__init__.py"}


def test_no_stray_files_in_the_trees() -> None:
    known = {q.relpath for q in CATALOG.questions}
    assert _python_files(EXERCISES_DIR) <= known
    assert _python_files(SOLUTIONS_DIR) <= known
    suites = {q.suite_path.relative_to(SUITES_DIR) for q in CATALOG.questions}
    assert _python_files(SUITES_DIR) <= suites


def test_attempt_folders_belong_to_questions() -> None:
    attempts = Path(__file__).parent / "attempts"
    stems = {q.stem for q in CATALOG.questions if q.available}
    assert {p.name for p in attempts.iterdir() if p.is_dir()} <= stems


def test_lookup_by_number_slug_and_stem() -> None:
    assert CATALOG.get(29).slug == "focal_loss"
    assert CATALOG.get("29").number == CATALOG.get("focal_loss").number == CATALOG.get("029_focal_loss").number
    with pytest.raises(UnknownQuestion):
        CATALOG.get(999)


def test_required_packages_are_default_dependencies() -> None:
    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {re.match(r"[A-Za-z0-9_.-]+", d)[0].lower() for d in pyproject["project"]["dependencies"]}
    required = CATALOG.required_packages()
    assert set(required) <= declared
    assert required["pillow"] == (11, 22) and required["onnxruntime"] == (72, 74)


def test_missing_packages_are_found_by_their_import_name() -> None:
    assert import_name("pillow") == "PIL" and import_name("pytest-timeout") == "pytest_timeout"
    assert missing_packages(["pillow", "pytest-timeout", "prep-no-such-package"]) == ["prep-no-such-package"]
