"""An engine self-test suite (not a question): ranks in several processes, per-check limits, scratch files
and forbidden imports."""

import torch

from grader.checks import assert_close, check, expect
from grader.checks.forbidden import forbid_import
from grader.checks.processes import run_processes
from grader.paths import SOLUTIONS_DIR

forbid_import("wave")


def all_reduce(rank: int, world_size: int, init_file: str) -> torch.Tensor:
    import torch.distributed as dist

    dist.init_process_group("gloo", init_method=f"file://{init_file}", rank=rank, world_size=world_size)
    total = torch.tensor([float(rank + 1)])
    dist.all_reduce(total)
    return total


def peek(rank: int) -> str:
    try:
        (SOLUTIONS_DIR / "01_basics" / "001_tensor_to_numpy.py").read_text()
    except PermissionError:
        return "refused"
    return "read"


@check("behaviour", timeout_s=90)
def test_gloo_all_reduce_across_two_spawned_ranks(tmp_path):
    results = run_processes("suite:all_reduce", 2, 2, str(tmp_path / "init"), timeout_s=60)
    assert_close(results, [torch.tensor([3.0]), torch.tensor([3.0])], what="all_reduce of 1 and 2")


@check("behaviour", timeout_s=90)
def test_spawned_ranks_cannot_read_the_references():
    expect(run_processes("suite:peek", 1) == ["refused"], "a spawned rank could read the solutions folder")


@check("numerics", timeout_s=90)
def test_attempt_in_spawned_ranks_matches_reference():
    expected = run_processes("reference:work", 2, "spawn")
    assert_close(run_processes("attempt:work", 2, "spawn", timeout_s=60), expected, what="work")


@check("numerics")
def test_attempt_in_forked_ranks_matches_reference():
    expected = run_processes("reference:work", 3, "fork", start_method="fork")
    assert_close(run_processes("attempt:work", 3, "fork", start_method="fork", timeout_s=5), expected, what="work")


@check("behaviour")
def test_scratch_files_live_in_the_grades_folder(tmp_path):
    print(f"tmp_path={tmp_path}")
    expect("prep-grade-" in str(tmp_path), f"tmp_path is {tmp_path}")


@check("behaviour", timeout_s=2)
def test_a_check_can_have_its_own_time_limit(attempt):
    attempt.quick()


@check("behaviour")
def test_a_forbidden_module_cannot_be_imported(attempt):
    attempt.encode()
