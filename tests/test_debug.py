"""Find-the-bug exercises: every shipped wrong attempt becomes an exercise that keeps its code and loses every
word on its bug; `prep debug 3` hands one out, `prep grade` grades it with the question's suite and records it
apart from the question, `prep hint` names the failing check then the function, `prep list --debug` shows it;
the store's migration to schema 4 keeps older progress."""

from __future__ import annotations

import ast
import io
import json
import sqlite3
import tokenize

import pytest

from grader.catalog import load_catalog
from grader.debug import HEADER, bugs, hint
from grader.paths import ATTEMPTS_DIR
from grader.result import GradeResult
from grader.store import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, Store
from tests.conftest import progress_rows, run_cli

CATALOG = load_catalog()
Q3 = CATALOG.get(3)
BUGS = [bug for q in CATALOG.questions for bug in bugs(q)]


def test_only_landed_questions_and_only_wrong_attempts_take_part():
    assert BUGS and {bug.question.number for bug in BUGS} <= {q.number for q in CATALOG.questions if q.available}
    assert all(bug.name.startswith("wrong_") for bug in BUGS)
    assert not bugs(next(q for q in CATALOG.questions if not q.available))
    assert len(bugs(Q3)) == len(list((ATTEMPTS_DIR / Q3.stem).glob("wrong_*.py")))


@pytest.mark.parametrize("bug", BUGS, ids=lambda b: f"{b.question.stem}/{b.name}")
def test_an_exercise_keeps_the_code_and_loses_every_word_on_the_bug(bug):
    text = bug.exercise()
    exercise, original = ast.parse(text), ast.parse(bug.text)
    assert [ast.dump(node) for node in exercise.body[1:]] == [ast.dump(node) for node in original.body[1:]]
    doc = ast.get_docstring(exercise)
    assert doc.startswith(f"Question {bug.question.number} - {bug.question.title}: find the bug.\n\n{HEADER}")
    assert ast.get_docstring(ast.parse(bug.question.exercise_path.read_text())).split("\n", 1)[1] in doc  # the spec
    assert not [t for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type == tokenize.COMMENT]
    assert bug.description and bug.description not in text and "Wrong:" not in text


def test_hints_name_the_failing_checks_then_the_function():
    by_name = {bug.name: bug for bug in bugs(CATALOG.get(4))}
    assert hint(by_name["wrong_returns_a_copy.py"], 1) == (
        "The bug shows in the checks `fill_diagonal_modifies_x_in_place` and `fill_diagonal_returns_x_itself`: "
        "grade it (`prep grade`) and read their messages."
    )
    assert hint(by_name["wrong_returns_a_copy.py"], 2) == "The bug is in `fill_diagonal`."
    assert hint(by_name["wrong_numpy_eye.py"], 2) == "The bug is in `identity`."
    by_name = {bug.name: bug for bug in bugs(CATALOG.get(8))}
    assert hint(by_name["wrong_pairwise_transposed.py"], 2) == "The bug is in `pairwise_distance`."


def debug_state(workspace) -> dict:
    return next(row for row in json.loads(run_cli("list", "--debug", "--json").stdout) if row["number"] == 3)


def test_prep_debug_3_hands_out_an_exercise_graded_and_tracked_apart(workspace):
    handed = run_cli("debug", "3")
    assert handed.exit_code == 0, handed.stderr
    path = workspace.root / "debug" / Q3.stem / "bug_1.py"
    first = bugs(Q3)[0]
    assert path.read_text() == first.exercise() and HEADER in handed.stdout and "bug_1.py" in handed.stdout
    assert first.name.removesuffix(".py") not in handed.stdout  # nothing names the bug

    graded = run_cli("grade", "--json")  # the current exercise, with the question's suite
    assert graded.exit_code == 1 and graded.result.question == 3 and graded.result.file == str(path)
    assert set(first.fails) <= {c.name.split("[")[0] for c in graded.result.checks if not c.passed}
    one = run_cli("hint")
    assert one.stdout.startswith("Hint 1/2: The bug shows in the check") and "Hint 2/2" not in one.stdout
    assert "Hint 2/2: The bug is in `column_stats`." in run_cli("hint").stdout
    state = debug_state(workspace)
    assert (state["solved"], state["started"], state["exercises"]) == (0, 1, len(bugs(Q3)))
    assert state["handed_out"][0]["hints_used"] == 2 and state["handed_out"][0]["best_score"] < 1.0

    path.write_text(Q3.solution_path.read_text())  # the fix
    fixed = run_cli("grade")
    assert fixed.exit_code == 0 and "Solved. The bug: " + first.description in fixed.stdout
    assert run_cli("grade", "--file", str(path), "--json").exit_code == 0  # as a file: the same exercise
    state = debug_state(workspace)
    assert (state["solved"], state["started"]) == (1, 0) and state["handed_out"][0]["attempts"] == 3
    assert progress_rows(workspace) == 1  # not the question's attempts: question 3 is not passed
    assert next(r for r in json.loads(run_cli("list", "--json").stdout) if r["number"] == 3)["status"] == "new"
    assert "1 of " in run_cli("list", "--debug").stdout

    again = run_cli("debug", "3")  # the next unsolved one, in order
    assert (
        again.exit_code == 0 and (workspace.root / "debug" / Q3.stem / "bug_2.py").read_text() == bugs(Q3)[1].exercise()
    )
    run_cli("start", "2")  # a question is current again: `prep hint` is the question's
    assert run_cli("hint").stdout.startswith("Hint 1/")
    assert "The bug" not in run_cli("hint").stdout


def test_debug_refuses_what_has_not_landed_and_random_picks_an_unsolved_one(workspace):
    q = next(q for q in CATALOG.questions if not q.available)
    refused = run_cli("debug", str(q.number))
    assert refused.exit_code == 2 and "coming soon" in refused.stderr
    picked = run_cli("debug", "--random")
    assert picked.exit_code == 0 and "Find the bug · question " in picked.stdout
    assert len(list((workspace.root / "debug").glob("*/bug_1.py"))) == 1


def schema_3_database(path) -> None:
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:3]:
        db.executescript(script)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 3")
    db.execute(
        "INSERT INTO attempts (question, graded_at, score, verdict, duration_s, file_path, file_sha256, checks_json) "
        "VALUES (4, '2026-12-01T10:00:00+00:00', 1.0, 'passed', 1.0, 'a.py', 'ab', '[]')"
    )
    db.execute("INSERT INTO meta VALUES ('current', '4')")
    db.commit()
    db.close()


def test_migration_from_schema_3_keeps_progress_and_adds_debug_exercises(tmp_path):
    schema_3_database(tmp_path / "state.db")
    store = Store(tmp_path / "state.db")
    try:
        assert SCHEMA_VERSION == 4 and store.health().schema == 4 and store.stats()[4].passed
        assert store.debug_exercises() == [] and store.current() == 4 and store.current_debug() is None
        first = store.start_debug(3, "wrong_a.py", lambda n: f"debug/q3/bug_{n}.py")
        second = store.start_debug(3, "wrong_b.py", lambda n: f"debug/q3/bug_{n}.py")
        assert (first.file, second.file, store.current(), store.current_debug()) == (
            "debug/q3/bug_1.py", "debug/q3/bug_2.py", 3, second.id)  # fmt: skip
        assert store.start_debug(3, "wrong_a.py", lambda n: "unused").file == "debug/q3/bug_1.py"  # resumed
        store.record_debug_grade(first.id, GradeResult(3, "column_stats", "x.py", 1.0, "passed", "", 1.0))
        assert store.debug_exercise_at("debug/q3/bug_1.py").solved and not store.debug_exercise(second.id).solved
        store.record_start(2)
        assert store.current_debug() is None and 3 not in store.stats()  # solving it did not touch question 3
    finally:
        store.close()
