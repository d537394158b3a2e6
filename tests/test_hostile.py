"""Hostile attempts (tests/hostile/): each ends in the right verdict, in bounded time, through the CLI,
with the progress database intact and no process left behind.

The attempts define a module-level `__getattr__`, so the same file answers any question's API.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.engine.runner import grade
from tests.conftest import progress_rows, run_cli, stray_processes

HOSTILE = Path(__file__).parent / "hostile"
QUESTIONS = ("1", "2")


def grade_hostile(name: str, question: str, timeout: float = 30, env: dict[str, str] | None = None):
    path = str(HOSTILE / f"{name}.py")
    graded = run_cli("grade", question, "--file", path, "--json", "--timeout", str(timeout), env=env)
    assert graded.exit_code == 1, f"exit {graded.exit_code}: {graded.stdout}{graded.stderr}"
    assert graded.result is not None and graded.result.score < 1.0
    assert "Traceback" not in graded.result.reason
    assert not stray_processes(), "processes were left behind"
    return graded.result, graded.seconds


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize(
    ("name", "verdict", "reason"),
    [
        ("loop_at_import", "timeout", "timed out after 6 s while importing your file"),
        ("loop_in_call", "timeout", "timed out after 6 s in check"),
        ("os_exit_at_import", "crashed", "exited (code 0) while importing your file"),
        ("os_exit_in_call", "crashed", "exited (code 0) in check"),
        ("segfault", "crashed", "crashed with SIGSEGV in check"),
        ("sys_exit_at_import", "error", "could not import your file: your code called sys.exit(0)"),
        ("missing_module", "error", "No module named 'torch_extras_that_do_not_exist'"),
        ("patches_comparisons", "error", "when imported: no check counts"),
    ],
)
def test_attempt_that_never_answers_gets_a_clear_verdict(workspace, question, name, verdict, reason):
    # 6 s where the attempt never ends; otherwise the default limit (a loaded machine must not turn an import
    # error into a timeout); either way the grade ends in bounded time
    result, seconds = grade_hostile(name, question, timeout=6 if verdict == "timeout" else 60)
    assert (result.verdict, result.score) == (verdict, 0.0), result.reason
    assert reason in result.reason
    assert seconds < 60
    assert progress_rows(workspace) == 1


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("sys_exit_in_call", "your code called sys.exit(0)"),
        ("keyboard_interrupt", "your code raised KeyboardInterrupt"),
        ("patches_during_call", "this check does not count"),
        ("rewrites_the_graders_code", "grading sandbox: setting __code__ of function 'assert_close'"),
        ("atexit_exit", ""),
    ],
)
def test_attempt_that_misbehaves_in_calls_fails_every_check(workspace, question, name, message):
    result, _ = grade_hostile(name, question)
    assert result.verdict == "failed" and result.score == 0.0, result.reason
    assert all(message in c.message for c in result.checks), [c.message for c in result.checks]
    assert progress_rows(workspace) == 1


def test_memory_bomb_is_stopped_by_the_memory_cap(workspace):
    result, seconds = grade_hostile("memory_bomb", "1")
    assert result.verdict == "failed"
    assert any("exceeded memory" in note for note in result.notes)
    assert "exceeded memory" in result.first_failure.message
    assert seconds < 30


def test_fork_bomb_leaves_no_process_behind(workspace):
    result, _ = grade_hostile("fork_bomb", "1")
    assert result.verdict == "failed"
    assert any("process(es) your code left running" in note for note in result.notes)


def test_background_processes_are_killed(workspace, tmp_path):
    pid_file = tmp_path / "pids"
    result, _ = grade_hostile("background_process", "1", env={"HOSTILE_TARGET": str(pid_file)})
    assert result.verdict == "failed"
    for pid in map(int, pid_file.read_text().split()):
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]


def test_output_flood_is_truncated(workspace):
    result, seconds = grade_hostile("output_flood", "1")
    assert result.verdict == "failed"
    assert any(note.startswith("output truncated") for note in result.notes)
    assert len(result.output) < 100_000
    assert seconds < 30


def test_forged_result_lines_are_rejected(workspace):
    result, _ = grade_hostile("forges_results", "1")
    assert result.verdict == "error"
    assert "not the grader's" in result.reason


@pytest.mark.parametrize("question", QUESTIONS)
def test_reading_the_reference_is_refused(workspace, question):
    result, _ = grade_hostile("reads_reference", question)
    assert result.verdict == "failed" and result.score == 0.0
    assert "grading sandbox" in result.first_failure.message


def test_reading_the_reference_from_a_spawned_process_is_refused(workspace):
    result, _ = grade_hostile("reads_reference_in_a_spawned_process", "2", timeout=240)
    assert result.verdict == "failed" and result.score == 0.0
    assert "grading sandbox" in result.first_failure.message


@pytest.mark.parametrize(
    "name",
    ["walks_frames_with_getframe", "walks_frames_with_inspect", "walks_frames_from_a_traceback",
     "walks_frames_of_a_generator", "traces_the_suite", "calls_native_code", "compiles_code_as_torch"],
)  # fmt: skip
def test_frames_tracing_and_native_code_are_out_of_reach(warm, catalog, name):
    result = grade(catalog.get(2), HOSTILE / f"{name}.py", warm=warm)
    assert result.score == 0.0, [(c.name, c.message) for c in result.checks]
    assert all("grading sandbox" in c.message for c in result.checks), [c.message for c in result.checks]
    assert "your code tried to reach files or state that grading keeps out of reach" in result.notes


@pytest.mark.parametrize("name", ["lies_with_a_tensor_subclass", "lies_with_its_own_eq"])
def test_values_that_lie_to_comparisons_get_no_points(warm, catalog, name):
    result = grade(catalog.get(2), HOSTILE / f"{name}.py", warm=warm)
    assert result.score == 0.0, [(c.name, c.message) for c in result.checks]


def test_a_default_dtype_left_changed_is_named_and_put_back(warm, catalog):
    result = grade(catalog.get(2), HOSTILE / "leaves_the_default_dtype_changed.py", warm=warm)
    said = "your code set torch's default dtype to float64 (torch.set_default_dtype) and did not restore it"
    assert result.score == 0.0 and all(c.message.startswith(said) for c in result.checks), result.checks


def test_tracing_new_threads_voids_the_grade(warm, catalog):
    result = grade(catalog.get(2), HOSTILE / "traces_new_threads.py", warm=warm)
    assert (result.verdict, result.score) == ("error", 0.0)
    assert "threading._trace_hook" in result.reason


def test_progress_database_survives_python_level_attacks(workspace):
    result, _ = grade_hostile("damages_progress", "1", env={"HOSTILE_TARGET": str(workspace.db_path)})
    assert result.verdict == "failed"
    assert progress_rows(workspace) == 1


def test_progress_database_is_restored_after_a_native_delete(workspace):
    graded = run_cli("grade", "1", "--file", str(HOSTILE / "damages_progress_natively.py"), "--json",
                     env={"HOSTILE_TARGET": str(workspace.db_path)})  # fmt: skip
    assert graded.exit_code == 1
    assert "restored" in graded.stderr
    assert progress_rows(workspace) == 1


def test_syntax_error_is_graded_and_not_recorded_from_outside(workspace):
    graded = run_cli("grade", "1", "--file", str(HOSTILE / "syntax_error.py"), "--json")
    assert graded.exit_code == 1
    assert graded.result.verdict == "error" and graded.result.score == 0.0
    assert graded.result.reason.startswith("SyntaxError at "), graded.result.reason
    assert progress_rows(workspace) == 1


@pytest.mark.parametrize(
    ("name", "verdict"),
    [("segfault", "crashed"), ("os_exit_at_import", "crashed"), ("loop_in_call", "timeout"), ("fork_bomb", "failed"),
     ("patches_comparisons", "error"), ("reads_reference", "failed"), ("memory_bomb", "failed")],
)  # fmt: skip
def test_warm_worker_survives_hostile_attempts(warm, catalog, name, verdict):
    question = catalog.get(1)
    result = grade(question, HOSTILE / f"{name}.py", timeout_s=6 if verdict == "timeout" else 60, warm=warm)
    assert result.verdict == verdict and result.score < 1.0, result.reason
    assert warm.alive
    assert not stray_processes()
    assert grade(question, question.solution_path, warm=warm).score == 1.0
