"""Every command through typer's runner, bad input as one line with exit code 2, and real subprocesses."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from grader.catalog import load_catalog
from grader.cli import context
from grader.result import RESULT_VERSION
from grader.store import Store
from tests.conftest import progress_rows, run_cli

CATALOG = load_catalog()
Q1 = CATALOG.get(1)


def one_line_error(graded, text: str) -> None:
    assert graded.exit_code == 2, graded.stdout + graded.stderr
    lines = graded.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and text in lines[0], graded.stderr
    assert "Traceback" not in graded.stdout + graded.stderr


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder with no workspace anywhere above it, as the current directory."""
    monkeypatch.delenv("PREP_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_next_creates_a_workspace_and_hands_out_question_1(fresh):
    graded = run_cli("next")
    assert graded.exit_code == 0, graded.stderr
    attempt = fresh / "prep-workspace" / Q1.relpath
    assert attempt.read_text() == Q1.exercise_path.read_text()
    assert "Created a workspace" in graded.stdout and str(Q1.relpath) in graded.stdout
    assert "to_numpy" in graded.stdout  # the spec is printed


def test_next_never_overwrites_an_attempt(fresh):
    run_cli("next")
    attempt = fresh / "prep-workspace" / Q1.relpath
    attempt.write_text("# my work\n")
    assert run_cli("next").exit_code == 0
    assert attempt.read_text() == "# my work\n"


def place(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)


def test_next_moves_on_after_a_pass(fresh):
    run_cli("next")
    place(Q1.solution_path, fresh / "prep-workspace" / Q1.relpath)
    assert run_cli("grade", "1").exit_code == 0
    assert "Question 2 ·" in run_cli("next").stdout


def test_show_prints_both_titles_and_the_spec(fresh):
    graded = run_cli("show", "1")
    assert graded.exit_code == 0
    assert Q1.title in graded.stdout and Q1.title_zh in graded.stdout and "What the grader checks" in graded.stdout


def test_show_coming_soon_question(fresh):
    q = next(q for q in CATALOG.questions if not q.available)
    graded = run_cli("show", str(q.number))
    assert graded.exit_code == 0 and "coming soon" in graded.stdout


def test_start_copies_the_stub_and_reset_keeps_a_backup(workspace):
    assert run_cli("start", "2").exit_code == 0
    attempt = workspace.attempt_path(CATALOG.get(2))
    attempt.write_text("# mine\n")
    one_line_error(run_cli("start", "2", "--reset"), "add --yes")
    assert run_cli("start", "2", "--reset", "--yes").exit_code == 0
    assert attempt.read_text() == CATALOG.get(2).exercise_path.read_text()
    assert attempt.with_suffix(".py.bak").read_text() == "# mine\n"


def test_grade_json_reports_score_verdict_and_checks(workspace):
    graded = run_cli("grade", "1", "--file", str(Q1.solution_path), "--json")
    assert graded.exit_code == 0
    data = json.loads(graded.stdout)
    assert data["question"] == 1 and data["score"] == 1.0 and data["verdict"] == "passed"
    assert data["duration_s"] > 0 and data["version"] == RESULT_VERSION
    assert {"name", "kind", "points", "passed", "message"} <= set(data["checks"][0])


def test_grade_of_the_stub_exits_1_and_records(workspace):
    run_cli("start", "1")
    graded = run_cli("grade")  # the current question, the workspace attempt
    assert graded.exit_code == 1
    assert "nothing implemented yet" in graded.stdout and "Score 0%" in graded.stdout
    assert progress_rows(workspace) == 2


def test_grade_shows_the_attempts_own_line_for_an_exception(workspace):
    attempt = workspace.attempt_path(Q1)
    place(Path(__file__).parent / "attempts" / Q1.stem / "wrong_plain_from_numpy.py", attempt)
    graded = run_cli("grade", "1")
    assert graded.exit_code == 1
    assert f"at {attempt}:" in graded.stdout and "return torch.from_numpy(a)" in graded.stdout


def test_grade_from_outside_the_workspace_is_not_recorded(workspace):
    assert run_cli("grade", "1", "--file", str(Q1.solution_path)).exit_code == 0
    assert progress_rows(workspace) == 1


def test_grade_infers_the_question_from_the_file_name(workspace):
    graded = run_cli("grade", "--file", str(Q1.solution_path), "--json")
    assert json.loads(graded.stdout)["question"] == 1


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("grade", "999"), "unknown question '999'"),
        (("show", "abc"), "unknown question 'abc'"),
        (("grade", "1", "--file", "does_not_exist.py"), "no such file: does_not_exist.py"),
        (("hint", "0"), "unknown question '0'"),
        (("list", "--section", "nope"), "unknown section 'nope'"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(workspace, args, text):
    one_line_error(run_cli(*args), text)


def test_coming_soon_question_is_refused(workspace):
    q = next(q for q in CATALOG.questions if not q.available)
    one_line_error(run_cli("grade", str(q.number)), "coming soon")
    one_line_error(run_cli("start", str(q.number)), "coming soon")


@pytest.fixture
def q1_requires(monkeypatch: pytest.MonkeyPatch):
    """Make question 1 require some packages (11 onwards, which have `requires`, have not landed yet)."""

    def patch(*packages: str) -> None:
        q1 = dataclasses.replace(Q1, requires=packages)
        patched = dataclasses.replace(CATALOG, questions=(q1, *CATALOG.questions[1:]))
        monkeypatch.setattr(context, "load_catalog", lambda: patched)

    return patch


def test_grade_refuses_a_question_whose_package_is_missing(workspace, q1_requires):
    q1_requires("numpy", "prep-no-such-package")
    run_cli("start", "1")
    place(Q1.solution_path, workspace.attempt_path(Q1))
    for args in (("grade", "1"), ("grade",), ("grade", "1", "--file", str(Q1.solution_path), "--json")):
        graded = run_cli(*args)
        assert graded.exit_code == 2 and graded.stdout == "", graded.stdout
        assert graded.stderr == "error: question 1 needs prep-no-such-package: pip install prep-no-such-package\n"
    assert progress_rows(workspace) == 1  # nothing recorded


def test_a_missing_package_is_named_by_its_pip_name(workspace, q1_requires, monkeypatch):
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *args: None if name == "PIL" else find_spec(name))
    q1_requires("pillow", "onnxruntime")
    refused = run_cli("grade", "1", "--file", str(Q1.solution_path))
    one_line_error(refused, "question 1 needs pillow: pip install pillow")
    started = run_cli("start", "1")  # handed out anyway, with the same line as a warning
    assert started.exit_code == 0 and workspace.attempt_path(Q1).exists()
    assert started.stderr == "warning: question 1 needs pillow: pip install pillow\n"
    assert progress_rows(workspace) == 1


def test_syntax_error_in_the_attempt_is_graded_as_an_error(workspace, tmp_path):
    broken = tmp_path / "001_tensor_to_numpy.py"
    broken.write_text("import torch\n\ndef to_numpy(t)\n    return t\n")
    graded = run_cli("grade", "--file", str(broken), "--json")
    assert graded.exit_code == 1, graded.stderr
    assert graded.result.verdict == "error" and graded.result.score == 0.0
    assert graded.result.reason.startswith(f"SyntaxError at {broken}:3:16: "), graded.result.reason
    assert graded.result.checks and all(c.message == graded.result.reason for c in graded.result.checks)
    shown = run_cli("grade", "--file", str(broken))
    assert shown.exit_code == 1 and f"SyntaxError at {broken}:3:16" in shown.stdout
    assert "Traceback" not in shown.stdout + shown.stderr


def test_corrupt_state_is_reported_and_can_be_moved_aside(workspace):
    workspace.db_path.write_bytes(b"this is not a database" * 100)
    one_line_error(run_cli("progress"), "prep doctor --move-aside")
    assert workspace.db_path.read_bytes().startswith(b"this is not")  # never silently replaced
    graded = run_cli("doctor", "--move-aside")
    assert "moved to state.db.aside-" in graded.stdout
    assert run_cli("progress").exit_code == 0


def test_hints_are_shown_one_level_at_a_time_and_recorded(workspace):
    first = run_cli("hint", "1")
    assert "Hint 1/3" in first.stdout and "Hint 2/3" not in first.stdout
    second = run_cli("hint", "1")
    assert "Hint 2/3" in second.stdout
    assert json.loads(run_cli("progress", "--json").stdout)["total"]["hints_used"] == 2


def test_solution_needs_a_pass_or_a_confirmation_and_records_the_reveal(workspace):
    one_line_error(run_cli("solution", "2"), "add --yes")
    revealed = run_cli("solution", "2", "--yes")
    assert revealed.exit_code == 0 and "def matmul_transpose" in revealed.stdout
    rows = json.loads(run_cli("list", "--json").stdout)
    assert next(r for r in rows if r["number"] == 2)["status"] == "revealed"


def test_solution_is_shown_after_a_pass(workspace):
    place(Q1.solution_path, workspace.attempt_path(Q1))
    assert run_cli("grade", "1").exit_code == 0
    assert "def to_numpy" in run_cli("solution", "1").stdout


def test_list_and_progress_json(workspace):
    rows = json.loads(run_cli("list", "--json").stdout)
    assert len(rows) == 92 and rows[0]["status"] == "passed" and rows[0]["best_score"] == 1.0
    assert sum(r["available"] for r in rows) == sum(q.available for q in CATALOG.questions)
    data = json.loads(run_cli("progress", "--json").stdout)
    assert data["total"]["passed"] == 1 and data["streak_days"] == 1
    assert [s["section"] for s in data["sections"]] == [s.id for s in CATALOG.sections]


def test_reset_forgets_progress_but_keeps_the_file(workspace):
    one_line_error(run_cli("reset", "1"), "add --yes")
    assert run_cli("reset", "1", "--yes").exit_code == 0
    assert progress_rows(workspace) == 0


def test_doctor_reports_torch_and_the_workspace(workspace):
    graded = run_cli("doctor")
    assert graded.exit_code == 0, graded.stdout
    assert "torch" in graded.stdout and str(workspace.root) in graded.stdout and "integrity ok" in graded.stdout


def doctor_row(stdout: str, package: str) -> str:
    return next(line for line in stdout.splitlines() if line.split()[1:2] == [package])


def test_doctor_lists_every_extra_package_with_its_version(workspace, q1_requires):
    extras = {p for q in CATALOG.questions for p in q.requires}
    assert {"pillow", "matplotlib", "onnx", "onnxruntime", "onnxscript", "tensorboard"} <= extras
    graded = run_cli("doctor")
    for package in [*extras, "watchfiles"]:
        row = doctor_row(graded.stdout, package)
        assert row.startswith("ok ") and metadata.version(package) in row, row
    assert "questions 72, 74" in doctor_row(graded.stdout, "onnxruntime")
    notebooks = doctor_row(graded.stdout, "notebooks")  # the test extra installs the notebook one
    assert notebooks.startswith("ok ") and f"ipython {metadata.version('ipython')}" in notebooks, notebooks
    q1_requires("prep-no-such-package")
    graded = run_cli("doctor")
    assert graded.exit_code == 1
    row = doctor_row(graded.stdout, "prep-no-such-package")
    assert row.startswith("PROBLEM") and "missing (question 1): pip install prep-no-such-package" in row


CHECK_IMPORTS = """
import dataclasses, sys
from typer.testing import CliRunner
from grader.cli import app, context
cat = context.load_catalog()
q1 = dataclasses.replace(cat.get(1), requires=("matplotlib", "prep-no-such-package"))
context.load_catalog = lambda: dataclasses.replace(cat, questions=(q1, *cat.questions[1:]))
codes = [CliRunner().invoke(app, args).exit_code for args in (["--help"], ["list"], ["next"], ["show", "1"],
         ["progress"], ["hint", "1"], ["start", "1"], ["grade", "1"])]
print(codes, [name for name in ("torch", "matplotlib") if name in sys.modules])
"""


def test_commands_do_not_import_torch_nor_the_packages_they_look_for(tmp_path):
    env = {**os.environ, "PREP_WORKSPACE": str(tmp_path / "ws")}
    done = subprocess.run([sys.executable, "-c", CHECK_IMPORTS], capture_output=True, text=True, env=env)
    assert done.stdout.strip() == "[0, 0, 0, 0, 0, 0, 0, 2] []", done.stdout + done.stderr


def test_real_subprocess_grade_and_list(workspace):
    prep = [sys.executable, "-m", "grader"]
    env = {**os.environ, "PREP_WORKSPACE": str(workspace.root), "NO_COLOR": "1"}
    graded = subprocess.run(
        [*prep, "grade", "1", "--file", str(Q1.exercise_path)], capture_output=True, text=True, env=env
    )
    assert graded.returncode == 1 and "\x1b[" not in graded.stdout and "nothing implemented yet" in graded.stdout
    missing = subprocess.run([*prep, "grade", "999"], capture_output=True, text=True, env=env)
    assert (
        missing.returncode == 2
        and missing.stderr.strip() == "error: unknown question '999': choose a number from 1 to 92"
    )
    listed = subprocess.run([*prep, "list"], capture_output=True, text=True, env=env)
    assert listed.returncode == 0 and Q1.title in listed.stdout


def test_store_records_survive_reopening(workspace):
    store = Store(workspace.db_path)
    try:
        assert store.stats()[1].passed
    finally:
        store.close()


def test_next_by_section_random_and_weakest(workspace):
    one_line_error(run_cli("next", "--section", "nope"), "unknown section 'nope'")
    empty = [s.id for s in CATALOG.sections if not any(q.available for q in CATALOG.in_section(s.id))]
    if empty:  # a section with nothing landed yet says so
        assert "coming soon" in run_cli("next", "--section", empty[-1]).stdout
    graded = run_cli("next", "--random")
    assert graded.exit_code == 0 and "Question 1 ·" not in graded.stdout  # question 1 is already passed
    place(CATALOG.get(3).exercise_path, workspace.attempt_path(CATALOG.get(3)))
    run_cli("grade", "3")  # a 0% attempt: the weakest one
    assert "Question 3 ·" in run_cli("next", "--weakest").stdout
