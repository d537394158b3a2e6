"""Every landed question, graded for real: the reference scores 1.0, the untouched stub 0.0, each wrong
attempt in `tests/attempts/<stem>/wrong_*.py` loses points on the checks its `# fails:` line names (it is
graded on those checks only, which is faster; with a `# cause:` line, a failed check's message names that
"likely cause"), and each `correct_*.py` (written differently from the reference) scores 1.0. A named
check that the suite skips on this machine (`skipif`, e.g. CUDA-only) cannot be verified here: an attempt
whose named checks all skip is skipped.

Grades fork from a warm worker (tests/conftest.py); `prep grade` itself starts cold.
Check one question while writing it: `pytest tests/test_questions.py -k 029 -n 2`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from grader.catalog import Question, load_catalog
from grader.dev.parse import fails_names, module, suite_tests
from grader.engine.runner import grade
from grader.result import GradeResult

ATTEMPTS = Path(__file__).parent / "attempts"
LANDED = [q for q in load_catalog().questions if q.available]
CAUSE = re.compile(r"^# cause: (.+)$", re.MULTILINE)

pytestmark = pytest.mark.slow


def attempts(kind: str) -> list:
    return [
        pytest.param(q, path, id=f"{q.stem}/{path.stem}")
        for q in LANDED
        for path in sorted((ATTEMPTS / q.stem).glob(f"{kind}_*.py"))
    ]


def summary(result: GradeResult) -> str:
    failed = [f"{c.name}: {c.message}" for c in result.checks if not c.passed]
    return f"{result.verdict} ({result.reason}) score {result.score}\n" + "\n".join(failed)


@pytest.mark.parametrize("question", LANDED, ids=lambda q: q.stem)
def test_reference_scores_full_marks(question: Question, warm) -> None:
    result = grade(question, question.solution_path, warm=warm)
    assert result.verdict == "passed" and result.score == 1.0, summary(result)


@pytest.mark.parametrize("question", LANDED, ids=lambda q: q.stem)
def test_stub_scores_zero_with_a_clean_verdict(question: Question, warm) -> None:
    result = grade(question, question.exercise_path, warm=warm)
    assert result.verdict == "failed" and result.score == 0.0, summary(result)
    assert all(c.message.startswith("not implemented yet") for c in result.checks), summary(result)


@pytest.mark.parametrize(("question", "path"), attempts("wrong"))
def test_wrong_attempt_loses_points_on_the_named_checks(question: Question, path: Path, warm) -> None:
    named = fails_names(path)
    assert named, f"{path.name} needs a '# fails: check_name, ...' line"
    result = grade(question, path, warm=warm, only=tuple(named))  # the named checks only: faster, same verdicts
    ran = {c.name.split("[")[0] for c in result.checks}
    conditional = {t.name for t in suite_tests(module(question.suite_path)) if t.conditional}
    if not (verifiable := [n for n in named if n in ran or n not in conditional]):
        pytest.skip(f"{', '.join(named)}: skipped by the suite on this machine (needs CUDA?)")
    assert result.score < 1.0, summary(result)
    failed = {c.name: c for c in result.checks if not c.passed}
    for name in verifiable:
        hits = [c for f, c in failed.items() if f == name or f.startswith(f"{name}[")]
        assert hits, f"{path.name} should fail {name}\n{summary(result)}"
        assert all(c.message and "Traceback" not in c.message for c in hits), summary(result)
    if cause := CAUSE.search(path.read_text()):  # the suite names this bug: "likely cause: ..."
        expected = f"likely cause: {cause.group(1).strip()}"
        if not any(expected in c.message for c in failed.values()):  # perhaps a check the line does not name
            result = grade(question, path, warm=warm)
            failed = {c.name: c for c in result.checks if not c.passed}
        assert any(expected in c.message for c in failed.values()), f"{path.name}: no '{expected}'\n{summary(result)}"


@pytest.mark.parametrize(("question", "path"), attempts("correct"))
def test_correct_alternative_scores_full_marks(question: Question, path: Path, warm) -> None:
    result = grade(question, path, warm=warm)
    assert result.verdict == "passed" and result.score == 1.0, summary(result)


@pytest.mark.parametrize("question", LANDED, ids=lambda q: q.stem)
def test_question_keeps_three_wrong_attempts_and_a_correct_one(question: Question) -> None:
    folder = ATTEMPTS / question.stem
    assert len(list(folder.glob("wrong_*.py"))) >= 3, f"{folder} needs at least three wrong_*.py attempts"
    assert list(folder.glob("correct_*.py")), f"{folder} needs a correct_*.py attempt written differently"
