"""The engine with ordinary PyTorch code: what questions 11-92 do inside their checks never counts
as tampering, and grading leaves nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from grader.catalog import Question
from grader.engine import procs
from grader.engine.launch import WarmWorker
from grader.engine.runner import grade
from grader.result import GradeResult
from tests.conftest import stray_processes

BENIGN = Path(__file__).parent / "benign"
SUITE = Path(__file__).parent / "engine_suite"


def test_pytorch_tour_is_not_tampering(warm, catalog):
    # save/load, pickle, jit, export, onnx, compile, profiler, quantisation, pruning, gradcheck,
    # DataLoader workers (fork and spawn) and SummaryWriter, all inside one check of question 2
    patient = replace(catalog.get(2), check_timeout_s=120, timeout_s=300)  # spawned workers import torch
    result = grade(patient, BENIGN / "torch_tour.py", warm=warm)
    assert (result.verdict, result.score) == ("passed", 1.0), result.reason + str([c.message for c in result.checks])
    assert result.notes == []


def test_what_the_standard_library_does_with_frames_is_not_refused(warm, catalog):
    # namedtuple, TypeVar, Enum, logging, warnings and traceback.print_exc look at frames for the attempt
    result = grade(catalog.get(2), BENIGN / "honest_stdlib_introspection.py", warm=warm)
    assert (result.verdict, result.score, result.notes) == ("passed", 1.0, []), [c.message for c in result.checks]


def test_dataloader_workers_killed_between_checks_are_not_an_engine_error(warm, catalog):
    result = grade(catalog.get(2), BENIGN / "keeps_dataloader_workers.py", warm=warm)
    assert (result.verdict, result.score) == ("passed", 1.0), result.reason + str([c.message for c in result.checks])
    assert any("process(es) your code left running" in note for note in result.notes)


@dataclass(frozen=True)
class SelfTestQuestion(Question):
    """A question whose suite and reference are the engine's own, in tests/engine_suite."""

    @property
    def suite_path(self) -> Path:
        return SUITE / "ranks_suite.py"

    @property
    def solution_path(self) -> Path:
        return SUITE / "reference.py"


RANKS = SelfTestQuestion(999, "ranks", "Ranks", "", "01_basics", "easy", 1, (), (), timeout_s=300)


def test_checks_run_code_in_several_processes(warm):
    result = grade(RANKS, SUITE / "attempts" / "correct.py", warm=warm)
    assert (result.verdict, result.score) == ("passed", 1.0), [(c.name, c.message) for c in result.checks]
    assert result.notes == []
    tmp_path = Path(result.output.split("tmp_path=")[1].split()[0])
    assert not tmp_path.exists(), "the grade's scratch folder outlived it"


def test_ranks_that_raise_or_hang_time_limits_and_forbidden_imports_fail_by_name(warm):
    result = grade(RANKS, SUITE / "attempts" / "misbehaves.py", warm=warm)
    failed = {c.name: c.message for c in result.checks if not c.passed}
    assert set(failed) == {
        "attempt_in_spawned_ranks_matches_reference", "attempt_in_forked_ranks_matches_reference",
        "a_check_can_have_its_own_time_limit", "a_forbidden_module_cannot_be_imported",
    }  # fmt: skip
    spawned = failed["attempt_in_spawned_ranks_matches_reference"]
    assert "rank 1 raised ValueError: rank one is unhappy (your line 10:" in spawned, spawned
    assert "rank 1 did not finish within 5 s" in failed["attempt_in_forked_ranks_matches_reference"]
    assert failed["a_check_can_have_its_own_time_limit"].startswith("timed out after 2 s")
    assert failed["a_forbidden_module_cannot_be_imported"] == "forbidden import: wave"
    assert "your code called an API this question forbids" in result.notes
    assert not stray_processes()


# --- prepared suites: a zygote's grades are the full way's ----------------------------------------------------
ATTEMPTS = Path(__file__).parent / "attempts"
FORBIDDEN_ROUTES = [
    (4, "wrong_uses_torch_eye.py"), (4, "wrong_aten_eye.py"), (4, "wrong_uses_fill_diagonal_.py"),
    (4, "wrong_numpy_eye.py"), (4, "correct_diagonal_view.py"), (36, "wrong_uses_sdpa.py"),
    (36, "wrong_uses_the_sdpa_math_kernel.py"), (36, "wrong_calls_the_math_kernel_through_variable_functions.py"),
]  # fmt: skip


@pytest.fixture(scope="module")
def zygotes() -> Iterator[WarmWorker]:
    with WarmWorker() as worker:
        yield worker


def outcome(result: GradeResult) -> tuple:
    return result.verdict, result.score, result.notes, [(c.name, c.passed, c.message) for c in result.checks]


@pytest.mark.parametrize(("number", "name"), FORBIDDEN_ROUTES, ids=[n for _, n in FORBIDDEN_ROUTES])
def test_a_prepared_suite_refuses_every_forbidden_route_like_the_full_way(warm, zygotes, catalog, number, name):
    question = catalog.get(number)
    attempt = ATTEMPTS / question.stem / name
    full = grade(question, attempt, warm=warm)
    assert zygotes.prepare(question), "the suite could not be prepared"
    prepared = grade(question, attempt, warm=zygotes)  # from the zygote's spare child
    assert outcome(prepared) == outcome(full)
    assert zygotes.prepare(question)
    assert outcome(grade(question, attempt, warm=zygotes)) == outcome(full)  # and from the next spare
    kept = {zygotes.pid, *(z[key] for z in zygotes.prepared for key in ("pid", "spare"))}
    assert not [pid for pid in stray_processes() if pid not in kept]


def test_the_sweep_kills_what_appeared_but_not_what_a_kept_process_forks_in_its_session():
    # A grading server started by this process forks spare grading children in its worker's session at any time;
    # a grade's processes can never be in such a session (a grade's child starts its own).
    script = "import os, sys, time; sys.stdin.readline(); os.fork(); time.sleep(60)"
    keep = set(procs.descendants(os.getpid()))  # what runs before the "grade": this test session's warm workers
    kept = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, start_new_session=True)
    keep.add(kept.pid)
    stray = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
    try:
        kept.stdin.write(b"go\n")
        kept.stdin.flush()
        deadline = time.monotonic() + 30
        while not (forked := procs.descendants(kept.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert forked, "the kept process did not fork"
        assert procs.kill_tree(keep) == 1
        assert not procs.alive(stray.pid), "what appeared during the grade outlived the sweep"
        assert procs.alive(kept.pid) and procs.alive(forked[0]), "the sweep killed a kept process's own fork"
    finally:
        os.killpg(kept.pid, signal.SIGKILL)
        kept.wait()
        stray.kill()
        stray.wait()
