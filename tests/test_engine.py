"""The engine with ordinary PyTorch code: what questions 11-92 do inside their checks never counts
as tampering, and grading leaves nothing behind."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from grader.catalog import Question
from grader.engine.runner import grade
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
