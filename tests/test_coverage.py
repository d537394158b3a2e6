"""Check coverage: every check of every landed question is failed by at least one wrong attempt.

Read from the `# fails:` lines (tests/test_questions.py grades each attempt and verifies them), so nothing
is graded here. A check that no plausible wrong attempt can fail belongs in grader/dev/coverage.py
UNFAILABLE, with the reason, until its suite is reworked.
"""

from __future__ import annotations

import pytest

from grader.catalog import load_catalog
from grader.dev import CLONE
from grader.dev.coverage import UNFAILABLE, failed_by, never_failed

CATALOG = load_catalog()
LANDED = [q for q in CATALOG.questions if CLONE.landed(q)]


@pytest.mark.parametrize("question", LANDED, ids=lambda q: q.stem)
def test_every_check_is_failed_by_a_wrong_attempt(question) -> None:
    missing = never_failed(question)
    assert not missing, (
        f"{CLONE.shown(CLONE.suite(question))}: no wrong attempt in tests/attempts/{question.stem}/ names "
        f"{', '.join(missing)} on its `# fails:` line. Add a plausible wrong attempt (one bug) that fails each; "
        "a check that nothing plausible can fail goes into UNFAILABLE in grader/dev/coverage.py, with the reason"
    )


@pytest.mark.parametrize("stem", sorted(UNFAILABLE))
def test_unfailable_checks_are_still_unfailed_checks(stem: str) -> None:
    question = CATALOG.get(stem)
    assert CLONE.landed(question), f"UNFAILABLE lists {stem}, which has not landed"
    named = failed_by(question)
    for check in UNFAILABLE[stem]:
        assert check in named, f"UNFAILABLE lists {stem} {check}, which its suite no longer has: remove it"
        assert not named[check], f"{', '.join(named[check])} now fails {stem} {check}: remove it from UNFAILABLE"
