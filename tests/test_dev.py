"""Contributor tools: `python -m grader.dev new N` scaffolds a question the lint accepts but for its TODOs,
refuses to overwrite anything, and writes ruff-clean, collectable files; the grading budget is printed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from grader.catalog import load_catalog
from grader.dev import REPO, Trees
from grader.dev.__main__ import main
from grader.dev.budget import TOP, Budget
from grader.dev.lint import lint_question
from grader.dev.scaffold import new, planned

CATALOG = load_catalog()
FOCAL = CATALOG.get(29)


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_new_writes_the_stub_reference_suite_and_two_attempts(tmp_path: Path, capsys) -> None:
    trees = Trees(tmp_path)
    assert main(["--root", str(tmp_path), "new", "29"]) == 0
    attempts = trees.attempt_dir(FOCAL)
    assert sorted(p.name for p in attempts.iterdir()) == ["correct_todo.py", "wrong_todo.py"]
    stub, reference = trees.stub(FOCAL).read_text(), trees.reference(FOCAL).read_text()
    assert stub.startswith('"""Question 29 - Binary focal loss.\n') and "What the grader checks:" in stub
    assert "def focal_loss(" in stub and "raise NotImplementedError" in stub
    assert reference.startswith('"""Question 29 - Binary focal loss (reference)."""')
    assert "def test_matches_reference(attempt, reference):" in trees.suite(FOCAL).read_text()
    assert "# fails: matches_reference, gradients_match_reference" in (attempts / "wrong_todo.py").read_text()
    shown = capsys.readouterr().out
    assert all(trees.shown(p) in shown for p in planned(FOCAL, trees))


def test_the_lint_lists_only_the_todos_left_to_write(tmp_path: Path) -> None:
    trees = Trees(tmp_path)
    written = new(FOCAL, trees)
    problems = lint_question(FOCAL, trees)
    assert problems and all("unfinished" in p for p in problems), "\n".join(problems)
    assert {p.split(":")[0] for p in problems} == {trees.shown(p) for p in written}


def test_new_refuses_to_overwrite_and_writes_nothing(tmp_path: Path, capsys) -> None:
    trees = Trees(tmp_path)
    wrong = trees.attempt_dir(FOCAL) / "wrong_todo.py"
    wrong.parent.mkdir(parents=True)
    wrong.write_text("mine")
    assert main(["--root", str(tmp_path), "new", "focal_loss"]) == 1
    assert "tests/attempts/029_focal_loss/wrong_todo.py" in capsys.readouterr().err
    assert wrong.read_text() == "mine"
    assert not any(p.exists() for p in planned(FOCAL, trees) if p != wrong)
    with pytest.raises(FileExistsError):
        new(FOCAL, trees)


def test_an_unknown_question_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["--root", str(tmp_path), "new", "93"]) == 2
    assert "unknown question" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_every_scaffold_is_ruff_clean_and_its_suite_collects(tmp_path: Path) -> None:
    trees = Trees(tmp_path)
    for q in CATALOG.questions:
        new(q, trees)
    config = str(REPO / "pyproject.toml")
    for command in (["check"], ["format", "--check"]):
        ruff = run("-m", "ruff", *command, "--config", config, str(tmp_path))
        assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    collected = run(
        "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "-c", "/dev/null", str(trees.suites)
    )
    assert collected.returncode == 0, collected.stdout + collected.stderr
    assert f"{2 * len(CATALOG.questions)} tests collected" in collected.stdout, collected.stdout


class Terminal:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def write_sep(self, sep: str, title: str) -> None:
        self.lines.append(title)

    def write_line(self, line: str) -> None:
        self.lines.append(line)


def report(nodeid: str, seconds: float, when: str = "call", slow: bool = True) -> pytest.TestReport:
    keywords = {"slow": 1} if slow else {}
    return pytest.TestReport(nodeid, ("t.py", 1, "t"), keywords, "passed", None, when, duration=seconds)


def test_the_budget_ranks_questions_by_their_grading_seconds() -> None:
    budget = Budget()
    for seconds, nodeid in enumerate(f"t.py::test_grade[{stem:03d}_q/wrong]" for stem in range(1, 13)):
        budget.pytest_runtest_logreport(report(nodeid, seconds + 1))
    budget.pytest_runtest_logreport(report("t.py::test_grade[012_q]", 30.0))
    budget.pytest_runtest_logreport(report("t.py::test_grade[001_q]", 99.0, when="setup"))  # starting the worker
    budget.pytest_runtest_logreport(report("t.py::test_lint[001_q]", 99.0, slow=False))  # grades nothing
    terminal = Terminal()
    budget.pytest_terminal_summary(terminal)
    assert terminal.lines[0] == "grading budget: 13 self-tests of 12 questions took 108.0 s"
    assert terminal.lines[1:3] == ["    42.0 s  012_q (2 self-tests)", "    11.0 s  011_q (1 self-test)"]
    assert len(terminal.lines) == 1 + TOP and terminal.lines[-1].endswith("003_q (1 self-test)")


def test_the_budget_adds_up_the_reports_of_xdist_workers(tmp_path: Path) -> None:
    (tmp_path / "test_fake_questions.py").write_text(
        textwrap.dedent(
            """
            import pytest

            @pytest.mark.slow
            @pytest.mark.parametrize("stem", ["001_quick", "002_slow/wrong_a", "002_slow/wrong_b", "003_medium"])
            def test_grade(stem):
                pass

            def test_not_a_self_test():
                pass
            """
        )
    )
    args = ("-m", "pytest", "-p", "grader.dev.budget", "-p", "no:cacheprovider", "-c", "/dev/null", "-n", "2")
    result = run(*args, str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout[result.stdout.index("grading budget") :]
    assert "4 self-tests of 3 questions took" in summary, result.stdout
    assert "002_slow (2 self-tests)" in summary and "001_quick (1 self-test)" in summary, result.stdout
