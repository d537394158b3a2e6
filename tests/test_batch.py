"""Batch grading (`prep grade N --dir` / several `--file`): every file of a folder mixing the reference, wrong,
correct and hostile attempts gets its own row in the JSON lines, the CSV and the Markdown report; nothing is
recorded and the progress database survives; bad input is one line and exit code 2."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from grader.catalog import load_catalog
from grader.cli import app
from grader.dev.parse import fails_names
from tests.conftest import progress_rows, run_cli, stray_processes

Q3 = load_catalog().get(3)
TESTS = Path(__file__).parent
ATTEMPTS = TESTS / "attempts" / Q3.stem
HOSTILE = TESTS / "hostile"
WRONG = ("wrong_default_is_biased", "wrong_keepdim_then_squeeze", "wrong_no_integer_promotion")
# hostile attempt -> (verdict, text of its reason)
HOSTILES = {
    "segfault": ("crashed", "crashed with SIGSEGV in check"),
    "loop_in_call": ("timeout", "timed out after 6 s in check"),
    "sys_exit_at_import": ("error", "your code called sys.exit(0)"),
    "syntax_error": ("error", "SyntaxError at "),
    "damages_progress": ("failed", ""),
}


def batch(*args: str, env: dict[str, str] | None = None):
    """`prep` through typer's runner (conftest's run_cli reads --json as one object, a batch prints lines)."""
    return CliRunner().invoke(app, list(args), env=env)


@pytest.fixture
def candidates(workspace) -> Path:
    """Eleven candidates, in a folder inside the workspace (still never recorded)."""
    folder = workspace.root / "candidates"
    (folder / "nested").mkdir(parents=True)
    shutil.copy(Q3.solution_path, folder / "reference.py")
    shutil.copy(Q3.exercise_path, folder / "nested" / "stub.py")
    shutil.copy(ATTEMPTS / "correct_welford.py", folder / "correct.py")
    for name in WRONG:
        shutil.copy(ATTEMPTS / f"{name}.py", folder / f"{name}.py")
    for name in HOSTILES:
        shutil.copy(HOSTILE / f"{name}.py", folder / f"{name}.py")
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "ignored.py").write_text("raise SystemExit\n")
    return folder


def test_a_folder_of_mixed_attempts_grades_into_json_lines_csv_and_a_report(workspace, candidates, tmp_path):
    out_csv, out_md = tmp_path / "scores.csv", tmp_path / "report.md"
    args = ("grade", "3", "--dir", str(candidates), "--json", "--csv", str(out_csv), "--report", str(out_md))
    graded = batch(*args, "--jobs", "2", "--timeout", "6", env={"HOSTILE_TARGET": str(workspace.db_path)})
    assert graded.exit_code == 0, graded.stdout + graded.stderr
    lines = [json.loads(line) for line in graded.stdout.splitlines()]
    rows = {Path(line["file"]).relative_to(candidates).as_posix(): line for line in lines}
    assert len(lines) == len(rows) == 11
    assert [line["score"] for line in lines] == sorted((line["score"] for line in lines), reverse=True)

    for name in ("reference.py", "correct.py"):
        assert (rows[name]["score"], rows[name]["verdict"]) == (1.0, "passed"), rows[name]["reason"]
    assert rows["nested/stub.py"]["score"] == 0.0
    assert all("NotImplementedError" in c["message"] for c in rows["nested/stub.py"]["checks"])
    for name in WRONG:
        row = rows[f"{name}.py"]
        failed = {c["name"] for c in row["checks"] if not c["passed"]}
        assert row["verdict"] == "failed" and row["score"] < 1.0 and set(fails_names(ATTEMPTS / f"{name}.py")) <= failed
    for name, (verdict, reason) in HOSTILES.items():
        row = rows[f"{name}.py"]
        assert (row["verdict"], row["score"]) == (verdict, 0.0) and reason in row["reason"], row["reason"]
    assert {"question", "score", "verdict", "reason", "duration_s", "checks", "skipped", "version"} <= set(lines[0])

    with open(out_csv, newline="", encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert [r["file"] for r in table] == [line["file"] for line in lines]
    by_file = {Path(r["file"]).name: r for r in table}
    assert by_file["segfault.py"]["verdict"] == "crashed" and float(by_file["reference.py"]["score"]) == 1.0
    assert "unbiased_stats_match_reference" in by_file["wrong_default_is_biased.py"]["failed_checks"]

    report = out_md.read_text(encoding="utf-8")
    assert report.startswith(f"# Question 3 · {Q3.title}") and "11 files graded, 2 passed" in report
    assert report.count("\n## ") == 11
    biased = report.split("wrong_default_is_biased.py: ")[1].split("\n## ")[0]
    assert "**unbiased_stats_match_reference** (numerics" in biased and "likely cause: you divided by n" in biased
    raised = report.split("wrong_no_integer_promotion.py: ")[1].split("\n## ")[0]
    assert "wrong_no_integer_promotion.py:8 in `column_stats`: `return x.mean(dim=0)" in raised  # the candidate's line
    assert "crashed with SIGSEGV" in report and "SyntaxError at " in report

    assert progress_rows(workspace) == 1  # nothing recorded, and the database survived damages_progress
    assert not stray_processes()


def test_the_table_is_sorted_by_score_and_the_question_comes_from_the_file_names(workspace, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, source in (("alice", Q3.exercise_path), ("bob", ATTEMPTS / "wrong_default_is_biased.py"),
                         ("carol", Q3.solution_path)):  # fmt: skip
        (tmp_path / name).mkdir()
        shutil.copy(source, tmp_path / name / Q3.relpath.name)
    files = [f"{name}/{Q3.relpath.name}" for name in ("alice", "bob", "carol", "bob")]  # bob's twice: graded once
    graded = run_cli("grade", *(arg for file in files for arg in ("--file", file)))
    assert graded.exit_code == 0, graded.stdout + graded.stderr
    rows = [line.split()[:3] for line in graded.stdout.splitlines() if line.split()[:1] in ([f] for f in files)]
    assert rows == [[files[2], "100%", "passed"], [files[1], "33%", "failed"], [files[0], "0%", "failed"]]
    assert "unbiased_stats_match_reference" in graded.stdout and "nothing implemented yet" in graded.stdout
    assert f"Question 3 · {Q3.title} · 3 files · 1 passed" in graded.stdout
    assert progress_rows(workspace) == 1


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("grade", "3", "--dir", "nowhere"), "no such folder: nowhere"),
        (("grade", "3", "--dir", "{empty}"), "no .py files in"),
        (("grade", "3", "--file", "{a}", "--file", "missing.py"), "no such file: missing.py"),
        (("grade", "--dir", "{named}"), "cannot tell the question from the file names"),
        (("grade", "--file", "{q1}", "--file", "{q2}"), "these files are for questions 1, 2: grade one at a time"),
        (("grade", "999", "--dir", "{named}"), "unknown question '999'"),
    ],
)
def test_bad_batch_input_is_one_line_and_exit_code_2(workspace, tmp_path, args, text):
    (tmp_path / "empty").mkdir()
    (tmp_path / "named").mkdir()
    (tmp_path / "named" / "alice.py").write_text("")
    (tmp_path / "001_tensor_to_numpy.py").write_text("")
    (tmp_path / "002_matmul_transpose.py").write_text("")
    paths = {"empty": tmp_path / "empty", "named": tmp_path / "named", "a": tmp_path / "named" / "alice.py",
             "q1": tmp_path / "001_tensor_to_numpy.py", "q2": tmp_path / "002_matmul_transpose.py"}  # fmt: skip
    graded = run_cli(*(arg.format(**paths) for arg in args))
    assert graded.exit_code == 2, graded.stdout + graded.stderr
    lines = graded.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and text in lines[0], graded.stderr
    assert progress_rows(workspace) == 1
