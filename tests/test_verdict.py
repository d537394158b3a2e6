"""The verdict as a pure function of the child's messages: every branch without spawning a child."""

from __future__ import annotations

import signal

from grader.engine.verdict import RunFacts, decide

PLAN = {"t": "plan", "checks": [{"id": "a", "name": "a", "kind": "numerics", "points": 2.0},
                                {"id": "b", "name": "b", "kind": "shape", "points": 1.0}]}  # fmt: skip
IMPORT = {"t": "phase", "phase": "import"}
CHECKS = {"t": "phase", "phase": "checks", "import_error": ""}
DONE = {"t": "done", "exit_code": 0}


def facts(**kwargs) -> RunFacts:
    return RunFacts(**{"timeout_s": 60, "memory_mb": 4096, "startup_allowance_s": 120, "attempt_started": True,
                       **kwargs})  # fmt: skip


def result(check: str, passed: bool, **extra) -> dict:
    return {"t": "result", "id": check, "passed": passed, "message": "" if passed else "wrong", **extra}


def test_all_checks_passing_is_a_pass():
    v = decide([PLAN, IMPORT, CHECKS, result("a", True), result("b", True), DONE], facts())
    assert (v.verdict, v.score, v.notes) == ("passed", 1.0, [])


def test_score_is_the_weighted_fraction_of_points():
    v = decide([PLAN, IMPORT, CHECKS, result("a", True), result("b", False), DONE], facts())
    assert (v.verdict, v.score, v.reason) == ("failed", round(2 / 3, 4), "1 of 2 checks failed")


def test_a_check_that_never_reported_means_a_crash_naming_the_check():
    messages = [PLAN, IMPORT, CHECKS, {"t": "start", "id": "a"}]
    v = decide(messages, facts(returncode=-signal.SIGSEGV))
    assert v.verdict == "crashed" and v.reason == "crashed with SIGSEGV in check a"
    assert [c.message for c in v.checks] == ["not run: the grading process died"] * 2


def test_exit_without_done_blames_sys_exit():
    v = decide([PLAN, IMPORT], facts(returncode=0))
    assert v.verdict == "crashed" and "while importing your file" in v.reason and "sys.exit()" in v.reason


def test_timeout_keeps_the_points_already_earned():
    messages = [PLAN, IMPORT, CHECKS, result("a", True), {"t": "start", "id": "b"}]
    v = decide(messages, facts(timed_out=True))
    assert (v.verdict, v.score, v.reason) == ("timeout", round(2 / 3, 4), "timed out after 60 s in check b")


def test_an_engine_that_never_started_is_an_error():
    v = decide([], facts(timed_out=True, attempt_started=False))
    assert v.verdict == "error" and "did not start within 120 s" in v.reason


def test_rejected_lines_discard_every_result():
    v = decide([PLAN, IMPORT, CHECKS, result("a", True), result("b", True), DONE], facts(rejected=1))
    assert (v.verdict, v.score) == ("error", 0.0) and "not the grader's" in v.reason


def test_unknown_kinds_duplicates_and_unplanned_checks_count_as_tampering():
    for odd in ({"t": "verdict", "score": 1}, result("a", True), result("z", True)):
        v = decide([PLAN, IMPORT, CHECKS, result("a", True), result("b", True), odd, DONE], facts())
        assert (v.verdict, v.score) == ("error", 0.0), odd


def test_import_error_is_an_error_with_score_zero_and_its_flags_become_notes():
    phase = {"t": "phase", "phase": "checks", "import_error": "could not import", "flags": ["memory"]}
    v = decide([PLAN, IMPORT, phase, result("a", False), result("b", False), DONE], facts())
    assert (v.verdict, v.score, v.reason) == ("error", 0.0, "could not import")
    assert v.notes == ["exceeded memory (limit 4096 MiB)"]


def test_flags_leftovers_and_dropped_output_become_notes():
    messages = [PLAN, IMPORT, CHECKS, result("a", False, flags=["forbidden"], killed=2),
                result("b", False, flags=["sandbox", "tamper"]), DONE]  # fmt: skip
    v = decide(messages, facts(leftovers=1, dropped={"stdout": 2_000_000, "stderr": 0}))
    assert v.notes == [
        "your code called an API this question forbids",
        "your code modified torch, NumPy or grader internals; those checks do not count",
        "your code tried to reach files or state that grading keeps out of reach",
        "output truncated: 2.0 MB of stdout dropped",
        "killed 3 process(es) your code left running",
    ]


def test_fatal_engine_error_is_reported_as_an_error():
    v = decide([PLAN, {"t": "fatal", "message": "the grader suite failed to load: boom"}], facts())
    assert v.verdict == "error" and v.reason.endswith("boom")
    assert all(c.message == "not run: the grader could not run" for c in v.checks)


def test_skipped_checks_do_not_count_but_are_kept_flagged():
    v = decide([PLAN, IMPORT, CHECKS, result("a", True), result("b", False, skipped=True), DONE], facts())
    assert (v.verdict, v.score, v.reason) == ("passed", 1.0, "")
    assert [(c.name, c.skipped) for c in v.checks] == [("a", False), ("b", True)]
    v = decide([PLAN, IMPORT, CHECKS, result("a", False), result("b", False, skipped=True), DONE], facts())
    assert (v.verdict, v.score, v.reason) == ("failed", 0.0, "1 of 1 checks failed")
