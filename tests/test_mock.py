"""Mock interviews: picks, a 2-question session started, inspected, submitted and listed (typer runner and a
real subprocess), one session at a time, hints and solutions in the report, late edits after the deadline,
and the watch loop. The clock is faked by moving a session's times (and its files' mtimes) into the past."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from grader.catalog import load_catalog
from grader.cli import app, mock
from grader.workspace import Workspace
from tests.conftest import run_cli

CATALOG = load_catalog()
ATTEMPTS = Path(__file__).parent / "attempts"


@pytest.fixture
def graded_warm(monkeypatch: pytest.MonkeyPatch, warm) -> None:
    """Every grade of a mock command forks from the test session's warm worker."""
    monkeypatch.setattr(mock, "_worker", lambda grades: contextlib.nullcontext(warm))


def start(*options: str) -> dict:
    started = run_cli("mock", "start", "--section", "01_basics", "--count", "2", "--json", *options)
    assert started.exit_code == 0, started.stdout + started.stderr
    return json.loads(started.stdout)


def cli_json(*args: str) -> dict | list:
    done = run_cli(*args, "--json")
    assert done.exit_code == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


def wrong_attempt(number: int) -> bytes:
    return sorted((ATTEMPTS / CATALOG.get(number).stem).glob("wrong_*.py"))[0].read_bytes()


def solution(number: int) -> bytes:
    return CATALOG.get(number).solution_path.read_bytes()


def backdate(ws: Workspace, session: int, seconds: float) -> None:
    """Move a session, its versions and its files `seconds` into the past: its clock has run that long."""
    db = sqlite3.connect(ws.db_path)

    def earlier(text: str) -> str:
        return (datetime.fromisoformat(text) - timedelta(seconds=seconds)).isoformat()

    started, deadline, folder = db.execute(
        "SELECT started_at, deadline, folder FROM mock_sessions WHERE id = ?", (session,)
    ).fetchone()
    db.execute("UPDATE mock_sessions SET started_at = ?, deadline = ? WHERE id = ?",
               (earlier(started), earlier(deadline), session))  # fmt: skip
    for vid, taken, saved in db.execute("SELECT id, taken_at, saved_at FROM mock_versions WHERE session = ?",
                                        (session,)).fetchall():  # fmt: skip
        db.execute("UPDATE mock_versions SET taken_at = ?, saved_at = ? WHERE id = ?", (earlier(taken), earlier(saved),
                                                                                       vid))  # fmt: skip
    db.commit()
    db.close()
    for path in (ws.root / folder).glob("*.py"):
        mtime = path.stat().st_mtime - seconds
        os.utime(path, (mtime, mtime))


def question(report: dict, number: int) -> dict:
    return next(q for q in report["questions"] if q["number"] == number)


# --- picks --------------------------------------------------------------------------------------------
BASICS = [q for q in CATALOG.in_section("01_basics") if q.available]


def test_picks_are_seeded_fit_the_minutes_and_prefer_unpassed_questions():
    picked = mock.pick(BASICS, set(), 20, None, seed=5)
    assert picked == mock.pick(BASICS, set(), 20, None, seed=5)
    assert sum(q.minutes for q in picked) <= 20 and picked
    assert {tuple(q.number for q in mock.pick(BASICS, set(), 20, None, seed=s)) for s in range(10)} != {
        tuple(q.number for q in picked)
    }  # another seed, another mix
    passed = {q.number for q in BASICS[:-2]}
    assert {q.number for q in mock.pick(BASICS, passed, 200, 2, seed=1)} == {q.number for q in BASICS[-2:]}


def test_a_count_that_cannot_fit_takes_the_shortest_of_the_rest():
    picked = mock.pick(BASICS, set(), 1, 2, seed=0)
    shortest = sorted(q.minutes for q in BASICS)[:2]
    assert len(picked) == 2 and sorted(q.minutes for q in picked) == shortest
    assert len(mock.pick(BASICS, set(), 1, None, seed=0)) == 1  # nothing fits: one question all the same


@pytest.mark.parametrize(
    ("options", "text"),
    [
        (("--difficulty", "brutal"), "unknown difficulty 'brutal'"),
        (("--topic", "astrology"), "unknown topic 'astrology'"),
        (("--section", "nope"), "unknown section 'nope'"),
        (("--section", "05_deployment", "--topic", "tensors"), "no available question matches"),
    ],
)
def test_bad_options_are_one_line_and_exit_code_2(workspace, options, text):
    done = run_cli("mock", "start", *options)
    assert done.exit_code == 2 and done.stderr.count("\n") == 1 and text in done.stderr, done.stderr


def test_commands_without_a_session_say_so(workspace):
    for args in (("status",), ("submit",), ("watch", "--once"), ("show",), ("show", "4")):
        done = run_cli("mock", *args)
        assert done.exit_code == 2 and done.stderr.startswith("error: "), (args, done.stderr)
    assert cli_json("mock", "history") == []


# --- a session through the CLI ------------------------------------------------------------------------
def test_a_two_question_session_started_inspected_submitted_and_listed(workspace, graded_warm):
    plan = start("--seed", "11", "--minutes", "30")
    first, second = (q["number"] for q in plan["questions"])
    assert plan["session"] == 1 and plan["minutes"] == 30 and plan["seed"] == 11
    assert 1 not in (first, second)  # question 1 is passed in this workspace: unpassed ones come first
    files = {q["number"]: workspace.root / q["file"] for q in plan["questions"]}
    assert all(files[n].read_bytes() == CATALOG.get(n).exercise_path.read_bytes() for n in files)
    assert all(path.parent == workspace.root / "mock" / "1" for path in files.values())

    untouched = cli_json("mock", "status")
    assert untouched["seconds_left"] > 29 * 60 and not untouched["past_deadline"]
    assert [(q["untouched"], q["best_score"]) for q in untouched["questions"]] == [(True, None), (True, None)]

    files[first].write_bytes(solution(first))
    files[second].write_bytes(wrong_attempt(second))
    assert "Hint 1/" in run_cli("hint", str(second)).stdout
    refused = run_cli("solution", str(second))  # asks during a session: refused without a terminal
    assert refused.exit_code == 2 and "part of your running mock interview (#1)" in refused.stderr
    assert "def " in run_cli("solution", str(second), "--yes").stdout
    status = cli_json("mock", "status")
    best = {q["number"]: q["best_score"] for q in status["questions"]}
    assert best[first] == 1.0 and 0 <= best[second] < 1.0
    shown = run_cli("mock", "status", "--no-grade")
    assert shown.exit_code == 0 and "left" in shown.stdout and "best 100%" in shown.stdout
    assert str(Path("mock") / "1" / files[first].name) in shown.stdout and "1 hint" in shown.stdout

    report = cli_json("mock", "submit")
    assert [q["number"] for q in report["questions"]] == [first, second]
    one, two = question(report, first), question(report, second)
    assert (one["score"], one["verdict"], one["late"], one["hints"], one["failed_checks"]) == (1.0, "passed", False,
                                                                                             0, [])  # fmt: skip
    assert one["first_pass_s"] is not None and 0 <= one["first_pass_s"] < 60
    assert two["score"] < 1.0 and two["verdict"] == "failed" and two["failed_checks"] and not two["late"]
    assert (two["hints"], two["solution_revealed"], two["first_pass_s"]) == (1, True, None)
    assert (workspace.root / two["graded_file"]).read_bytes() == wrong_attempt(second)  # the frozen copy
    totals = report["totals"]
    assert totals["score"] == round((1.0 + two["score"]) / 2, 4) and totals["passed"] == 1
    assert (totals["questions"], totals["hints"], totals["solutions_revealed"], totals["late"]) == (2, 1, 1, 0)
    assert report["compared"] == {"sessions": 0}

    assert cli_json("mock", "show", "1") == report
    listed = cli_json("mock", "history")
    assert [(r["session"], r["state"], r["questions"], r["score"]) for r in listed] == [
        (1, "submitted", [first, second], totals["score"])
    ]
    text = run_cli("mock", "show", "1").stdout
    assert "Overall" in text and "Your first submitted mock interview" in text and "solution shown" in text
    assert run_cli("mock", "status").exit_code == 2  # nothing open any more


def test_a_second_start_asks_to_resume_or_abandon(workspace, monkeypatch):
    first = start("--seed", "1")
    refused = run_cli("mock", "start")
    assert refused.exit_code == 2 and "add --yes to abandon it" in refused.stderr and "#1 is open" in refused.stderr
    monkeypatch.setattr(mock, "is_interactive", lambda: True)
    unanswered = run_cli("mock", "start", "--section", "01_basics", "--json")
    assert unanswered.exit_code == 1  # no answer on stdin: aborted, nothing changed
    assert [r["state"] for r in cli_json("mock", "history")] == ["open"]
    again = CliRunner().invoke(app, ["mock", "start", "--json"], input="resume\n")
    assert again.exit_code == 0 and json.loads(again.stdout.splitlines()[-1])["session"] == first["session"]
    dropped = CliRunner().invoke(app, ["mock", "start", "--section", "01_basics", "--json"], input="abandon\n")
    assert dropped.exit_code == 0 and json.loads(dropped.stdout.splitlines()[-1])["session"] == 2
    assert start("--yes")["session"] == 3
    assert [r["state"] for r in cli_json("mock", "history")] == ["abandoned", "abandoned", "open"]
    assert run_cli("mock", "show", "1").exit_code == 2  # abandoned: no report


def test_edits_after_the_deadline_are_graded_and_marked_late(workspace, graded_warm):
    plan = start("--seed", "4", "--minutes", "45")
    on_time, late = (q["number"] for q in plan["questions"])
    files = {q["number"]: workspace.root / q["file"] for q in plan["questions"]}
    files[late].write_bytes(wrong_attempt(late))
    assert cli_json("mock", "status")["questions"][1]["grades"] == 1  # graded on the way
    files[on_time].write_bytes(solution(on_time))  # saved before the deadline, never graded before it
    backdate(workspace, plan["session"], 55 * 60)  # the deadline was ten minutes ago
    files[late].write_bytes(solution(late))  # an edit after the deadline

    status = cli_json("mock", "status")
    assert status["past_deadline"] and status["seconds_left"] == 0
    assert "time is up" in run_cli("mock", "status").stdout
    files[on_time].write_bytes(b"# broken after the deadline\n")  # after the files were kept: late too
    report = cli_json("mock", "submit")
    kept, edited = question(report, on_time), question(report, late)
    assert (kept["score"], kept["late"], kept["late_score"]) == (1.0, True, 0.0)
    assert edited["score"] < 1.0 and edited["late"] and edited["late_score"] == 1.0
    assert (workspace.root / edited["late_file"]).read_bytes() == solution(late)
    assert (workspace.root / edited["graded_file"]).read_bytes() == wrong_attempt(late)
    assert report["totals"]["late"] == 2 and report["totals"]["time_used_s"] == 45 * 60
    assert report["totals"]["late_score"] == round((0.0 + 1.0) / 2, 4)
    text = run_cli("mock", "show").stdout
    assert "late: 100% passed with the edits made after the deadline" in text and "with late work" in text


def test_watch_regrades_on_save_and_submits_at_the_deadline(workspace, graded_warm, monkeypatch):
    plan = start("--seed", "2")
    number = plan["questions"][0]["number"]
    path = workspace.root / plan["questions"][0]["file"]
    ticks = iter([
        lambda: path.write_bytes(solution(number)),  # a save: the next tick re-grades it
        lambda: None,  # nothing changed: no grade
        lambda: backdate(workspace, plan["session"], 46 * 60),  # the deadline passes: the next tick submits
    ])  # fmt: skip
    views = []
    status = mock._status
    monkeypatch.setattr(mock, "_status", lambda *args: views.append(status(*args)) or views[-1])
    report = mock.watch_loop(workspace, plan["session"], sleep=lambda _: next(ticks)())
    assert [next(q["grades"] for q in v["questions"] if q["number"] == number) for v in views] == [0, 1, 1]
    assert report is not None and question(report, number)["score"] == 1.0 and not question(report, number)["late"]
    assert cli_json("mock", "history")[0]["state"] == "submitted"


def test_watch_once_shows_the_view_and_submits_once_the_deadline_has_passed(workspace, graded_warm):
    plan = start("--seed", "3")
    first = cli_json("mock", "watch", "--once")
    assert first["session"] == plan["session"] and not first["past_deadline"]
    view = run_cli("mock", "watch", "--once")
    assert view.exit_code == 0 and "left" in view.stdout and "untouched" in view.stdout
    backdate(workspace, plan["session"], 50 * 60)
    report = cli_json("mock", "watch", "--once")
    assert report["totals"]["questions"] == 2 and report["totals"]["score"] == 0.0


def test_a_real_subprocess_session(workspace):
    env = {**os.environ, "PREP_WORKSPACE": str(workspace.root), "NO_COLOR": "1"}

    def prep(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "grader", "mock", *args], capture_output=True, text=True, env=env)

    started = prep("start", "--section", "01_basics", "--count", "2", "--seed", "9")
    assert started.returncode == 0 and "Mock interview #1 · 2 questions" in started.stdout, started.stderr
    assert "\x1b[" not in started.stdout and "mock/1/" in started.stdout
    status = json.loads(prep("status", "--json", "--no-grade").stdout)
    assert [q["untouched"] for q in status["questions"]] == [True, True]
    submitted = prep("submit", "--json")
    assert submitted.returncode == 0, submitted.stderr
    report = json.loads(submitted.stdout)
    assert [q["verdict"] for q in report["questions"]] == ["failed", "failed"]
    assert all(q["outcome"].startswith("nothing implemented yet") for q in report["questions"])
    listed = prep("history")
    assert listed.returncode == 0 and "submitted" in listed.stdout and "0%" in listed.stdout
    assert json.loads(prep("show", "1", "--json").stdout) == report


NO_TORCH = """
import sys
from typer.testing import CliRunner
from grader.cli import app
runs = [["mock", "--help"], ["mock", "start", "--section", "01_basics", "--count", "2"],
        ["mock", "status", "--no-grade"], ["mock", "history"], ["hint", "1"]]
print([CliRunner().invoke(app, args).exit_code for args in runs], "torch" in sys.modules)
"""


def test_mock_commands_that_do_not_grade_do_not_import_torch(tmp_path):
    env = {**os.environ, "PREP_WORKSPACE": str(tmp_path / "ws")}
    done = subprocess.run([sys.executable, "-c", NO_TORCH], capture_output=True, text=True, env=env)
    assert done.stdout.strip() == "[0, 0, 0, 0, 0] False", done.stdout + done.stderr
