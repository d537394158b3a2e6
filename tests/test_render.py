"""What a grade looks like: parametrised checks as one row with their cases, skipped checks and the points
they leave untested, one line for an untouched stub or an unwritten function, paths relative to the current
folder; and the results' JSON keeping skipped checks apart from the score."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.catalog import load_catalog
from grader.cli import render
from grader.engine.runner import grade
from grader.result import RESULT_VERSION, CheckResult, GradeResult, Location

Q1 = load_catalog().get(1)
DTYPES = ("float32", "float64", "float16", "int64", "uint8", "bool")
STUB = "not implemented yet: {}() raises NotImplementedError"


def shown(result: GradeResult, verbose: bool = False) -> str:
    with render.console.capture() as captured:
        render.grade_result(result, verbose=verbose)
    return captured.get()


def a_result(checks: list[CheckResult], file: str = "/elsewhere/001_tensor_to_numpy.py") -> GradeResult:
    ran = [c for c in checks if not c.skipped]
    earned, total = sum(c.points for c in ran if c.passed), sum(c.points for c in ran)
    passed = all(c.passed for c in ran)
    verdict = "passed" if passed else "failed"
    return GradeResult(1, "tensor_to_numpy", file, earned / total, verdict, "", 1.0, checks)


def cases(name: str, kind: str = "dtype", failing: dict[str, str] | None = None) -> list[CheckResult]:
    failing = failing or {}
    return [CheckResult(f"{name}[{d}]", kind, 2.0, d not in failing, failing.get(d, "")) for d in DTYPES]


def test_a_parametrised_check_is_one_row_with_its_cases():
    result = a_result([
        CheckResult("keeps_the_shape", "shape", 1.0, True),
        *cases("keeps_dtype_and_values"),
        *cases("round_trips", failing={"float16": "expected float16, got float32", "bool": "expected bool, got uint8"}),
    ])  # fmt: skip
    text = shown(result)
    rows = [line.split() for line in text.splitlines()]
    assert ["pass", "keeps_dtype_and_values", "12/12", "·", "6", "cases"] in rows
    assert ["FAIL", "round_trips", "8/12", "·", "2", "of", "6", "cases", "failed"] in rows
    assert "[float16]: expected float16, got float32" in text and "[bool]: expected bool, got uint8" in text
    assert "[float32]" not in text  # passing cases only with --verbose
    assert text.count("keeps_dtype_and_values") == 1 and "Score 84%  (21/25 points) · failed" in text
    verbose = shown(result, verbose=True)
    assert verbose.count("pass [") == 10 and verbose.count("FAIL [") == 2
    assert "FAIL [bool]: expected bool, got uint8" in verbose


def test_skipped_checks_show_why_and_the_points_left_untested():
    result = a_result([
        CheckResult("keeps_the_shape", "shape", 1.0, True),
        CheckResult("moves_a_cuda_tensor", "behaviour", 2.0, False, "needs CUDA", skipped=True),
    ])  # fmt: skip
    assert (result.score, [c.name for c in result.checks], result.untested_points) == (1.0, ["keeps_the_shape"], 2.0)
    text = shown(result)
    assert any(line.split()[:2] == ["skip", "moves_a_cuda_tensor"] and line.endswith("skipped (needs CUDA)")
               for line in text.splitlines()), text  # fmt: skip
    assert "Score 100%  (1/1 points) · passed · 1.0 s · 2 points not tested here (needs CUDA)" in text
    data = json.loads(json.dumps(result.to_dict()))
    assert data["version"] == RESULT_VERSION == 2 and [c["name"] for c in data["checks"]] == ["keeps_the_shape"]
    assert data["skipped"] == [{**data["skipped"][0], "name": "moves_a_cuda_tensor", "skipped": True,
                                "message": "needs CUDA", "points": 2.0}]  # fmt: skip
    assert GradeResult.from_dict(data) == result


def test_an_untouched_stub_is_one_line():
    result = a_result([
        *cases("to_numpy_keeps_dtype", failing=dict.fromkeys(DTYPES, STUB.format("to_numpy"))),
        CheckResult("from_numpy_shares_memory", "behaviour", 10.0, False, STUB.format("from_numpy")),
        CheckResult("to_numpy_on_cuda", "behaviour", 2.0, False, "needs CUDA", skipped=True),
    ])  # fmt: skip
    lines = shown(result).splitlines()
    assert lines[1] == "nothing implemented yet: to_numpy and from_numpy raise NotImplementedError (0/22 points)"
    assert lines[2:] == ["", "Score 0%  (0/22 points) · failed · 1.0 s · 2 points not tested here (needs CUDA)"]
    assert render.outcome_line(result) == lines[1]


def test_a_function_not_written_yet_is_one_line_and_the_rest_a_table():
    result = a_result([
        *cases("to_numpy_keeps_dtype"),
        CheckResult("from_numpy_keeps_dtype", "dtype", 8.0, False, STUB.format("from_numpy")),
        CheckResult("from_numpy_shares_memory", "behaviour", 6.0, False, STUB.format("from_numpy")),
    ])  # fmt: skip
    text = shown(result)
    assert "from_numpy is not implemented yet: 14 points not tested" in text
    assert "to_numpy_keeps_dtype" in text and "from_numpy_shares_memory" not in text
    assert "First failing check" not in text and render.outcome_line(result) == (
        "from_numpy is not implemented yet: 14 points not tested"
    )


def test_paths_are_shown_relative_to_the_current_folder(tmp_path, monkeypatch):
    attempt = tmp_path / "ws" / "01_basics" / "001_tensor_to_numpy.py"
    monkeypatch.chdir(tmp_path)
    where = Location(str(attempt), 13, "from_numpy", "return torch.from_numpy(a)")
    message = f"your code raised ValueError in {attempt}"
    wrong = CheckResult("from_numpy_handles_strides", "behaviour", 2.0, False, message, where)
    text = shown(a_result([CheckResult("keeps_the_shape", "shape", 1.0, True), wrong], file=str(attempt)))
    relative = str(Path("ws") / "01_basics" / "001_tensor_to_numpy.py")
    assert f"Question 1 · tensor_to_numpy · {relative}" in text
    assert f"at {relative}:13 in from_numpy" in text and f"ValueError in {relative}" in text
    assert str(tmp_path) not in text


def test_checks_that_never_ran_are_counted_on_one_line():
    result = a_result([
        CheckResult("keeps_the_shape", "shape", 1.0, True),
        *(CheckResult(f"slow_{i}", "numerics", 3.0, False, "not run: the grade timed out after 6 s") for i in range(3)),
    ])  # fmt: skip
    text = shown(result)
    assert "3 checks not run (9 points): the grade timed out after 6 s" in text and "slow_1" not in text


def test_an_error_shared_by_every_check_is_said_once():
    reason = "SyntaxError at /x/001_tensor_to_numpy.py:3:16: expected ':'"
    result = GradeResult(1, "tensor_to_numpy", "/x/001_tensor_to_numpy.py", 0.0, "error", reason, 0.5,
                         [CheckResult(f"check_{i}", "shape", 1.0, False, reason) for i in range(4)])  # fmt: skip
    text = shown(result)
    assert text.count("SyntaxError") == 1 and "check_0" not in text and f"error: {reason}" in text


@pytest.mark.parametrize("partial", [False, True], ids=["stub", "to_numpy_only"])
def test_real_grades_of_an_untouched_and_a_half_written_stub(warm, tmp_path, partial):
    """The lines above rely on the engine's NotImplementedError message: checked against a real grade."""
    attempt = tmp_path / "001_tensor_to_numpy.py"
    source = Q1.exercise_path.read_text()
    if partial:  # the reference's to_numpy, the stub's from_numpy
        source = Q1.solution_path.read_text() + "\n\ndef from_numpy(a):\n    raise NotImplementedError\n"
    attempt.write_text(source)
    result = grade(Q1, attempt, warm=warm)
    summary = render.summarize(result)
    if partial:
        assert list(summary.missing) == ["from_numpy"] and 0 < result.score < 1
        expected = f"from_numpy is not implemented yet: {summary.missing['from_numpy']:g} points not tested"
    else:
        assert summary.untouched and result.score == 0.0
        expected = (
            f"nothing implemented yet: to_numpy and from_numpy raise NotImplementedError (0/{summary.total:g} points)"
        )
    assert expected in shown(result)


def report(**changes: object) -> dict:
    entry = {
        "number": 4, "slug": "identity_matrix", "title": "Identity matrix", "file": "mock/2/004_identity_matrix.py",
        "graded_file": "mock/2/submitted/004_identity_matrix.py", "score": 0.5, "verdict": "failed", "points": 10.0,
        "earned": 5.0, "untested_points": 0.0, "failed_checks": ["keeps_dtype[int64]"],
        "outcome": "failed: keeps_dtype (1 of 2 cases)", "late": True, "late_score": 1.0, "late_verdict": "passed",
        "late_outcome": "passed", "late_file": "mock/2/submitted/late/004_identity_matrix.py", "hints": 2,
        "solution_revealed": False, "first_pass_s": None, "on_time_saved_at": "2026-01-05T10:20:00+00:00",
        "earlier_best": 0.25,
    }  # fmt: skip
    totals = {"score": 0.5, "late_score": 1.0, "questions": 1, "passed": 0, "late": 1, "hints": 2,
              "solutions_revealed": 0, "time_used_s": 1800.0}  # fmt: skip
    compared = {"sessions": 1, "best": {"session": 1, "score": 0.25}, "last": {"session": 1, "score": 0.25},
                "average": 0.25, "change_from_last": 0.25}  # fmt: skip
    return {"session": 2, "started_at": "2026-01-05T10:00:00+00:00", "deadline": "2026-01-05T10:30:00+00:00",
            "submitted_at": "2026-01-05T10:40:00+00:00", "minutes": 30, "seed": 1, "folder": "mock/2",
            "questions": [entry], "totals": totals, "compared": compared, "version": 1, **changes}  # fmt: skip


def test_a_mock_report_reads_at_a_glance(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with render.console.capture() as captured:
        render.mock_report(report(), tmp_path)
    text = captured.get()
    assert "Mock interview #2 · 1 question · 30:00 of 30 min used" in text
    assert "Identity matrix   50%  failed   first pass -  2 hints" in text
    assert "failed: keeps_dtype (1 of 2 cases)" in text and "earlier best on this question: 25%" in text
    assert "late: 100% passed with the edits made after the deadline" in text
    assert "Overall 50% · 0 of 1 passed · 2 hints · 0 solutions shown · with late work 100%" in text
    assert "Earlier sessions: 1 · best 25% (#1) · last 25% (#1) · +25 points on the last" in text
    assert "Graded copies: mock/2/submitted/" in text


def test_the_countdown():
    assert [render.clock(s) for s in (0, 59.9, 61, 45 * 60, 3725, -5)] == ["0:00", "0:59", "1:01", "45:00",
                                                                           "1:02:05", "0:00"]  # fmt: skip
