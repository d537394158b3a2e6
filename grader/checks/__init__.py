"""The vocabulary every suite speaks: graded checks, comparisons, calls, gradients, forbidden APIs, training,
and the stand-ins suites need (files in real formats, a loopback HTTP client, a scripted clock, a fake GPU).

    from grader.checks import check, assert_close, ELEMENTWISE

    @check("numerics", points=2)
    def test_matches_reference(attempt, reference):
        x = randn(4, 3, 5, seed=1)
        assert_close(attempt.matmul_transpose(x), reference.matmul_transpose(x), REDUCTION)

`attempt` and `reference` are fixtures from the engine: the learner's module and the hidden solution.
Each module's docstring shows its helpers in use:

- compare: assert_close (with `causes=`), assert_equal, assert_shape, assert_dtype, assert_type,
  assert_tensor, assert_finite, expect, describe; tolerances ELEMENTWISE, REDUCTION, LOW_PRECISION,
  FLOAT64, EXACT.
- calls: describe_call, call, call_pure, expect_raises.
- grads: assert_grads_match, input_gradients, assert_gradcheck, weighted_sum.
- modules: load_same_weights, assert_trains, assert_unchanged.
- rng: randn, generator, scramble_global_rng.
- counting: CountTorchCalls, count_torch_calls (the "no Python loop" check).
- fake_cuda: simulate_devices, OnFakeGPU, on_fake_gpu, plain.
- formats: write_png, write_cifar_batch, idx_bytes, write_idx, write_coco, write_csv, write_memmap.
- loopback: free_port, request, get, post, Response, serving.
- clock: ScriptedClock.
- processes: run_processes (a function in N processes, bounded waits).
- forbidden: forbid, forbid_import, allow_forbidden (lift a ban for one check).
- markers: check; errors: CheckFailed, SimulationLimit, ForbiddenCall.
"""

from grader.checks.calls import call, call_pure, describe_call, expect_raises
from grader.checks.clock import ScriptedClock
from grader.checks.compare import (
    ELEMENTWISE,
    EXACT,
    FLOAT64,
    LOW_PRECISION,
    REDUCTION,
    Causes,
    Tol,
    assert_close,
    assert_dtype,
    assert_equal,
    assert_finite,
    assert_shape,
    assert_tensor,
    assert_type,
    describe,
    dtype_str,
    expect,
    likely_cause,
)
from grader.checks.counting import CountTorchCalls, count_torch_calls
from grader.checks.errors import CheckFailed, ForbiddenCall, SimulationLimit
from grader.checks.fake_cuda import OnFakeGPU, on_fake_gpu, plain, simulate_devices
from grader.checks.forbidden import allow_forbidden, forbid, forbid_import
from grader.checks.formats import (
    idx_bytes,
    write_cifar_batch,
    write_coco,
    write_csv,
    write_idx,
    write_memmap,
    write_png,
)
from grader.checks.grads import assert_gradcheck, assert_grads_match, input_gradients, weighted_sum
from grader.checks.loopback import Response, free_port, get, post, request, serving
from grader.checks.markers import check
from grader.checks.modules import assert_trains, assert_unchanged, load_same_weights
from grader.checks.processes import run_processes
from grader.checks.rng import generator, randn, scramble_global_rng

__all__ = [
    "ELEMENTWISE",
    "EXACT",
    "FLOAT64",
    "LOW_PRECISION",
    "REDUCTION",
    "Causes",
    "CheckFailed",
    "CountTorchCalls",
    "ForbiddenCall",
    "OnFakeGPU",
    "Response",
    "ScriptedClock",
    "SimulationLimit",
    "Tol",
    "allow_forbidden",
    "assert_close",
    "assert_dtype",
    "assert_equal",
    "assert_finite",
    "assert_gradcheck",
    "assert_grads_match",
    "assert_shape",
    "assert_tensor",
    "assert_trains",
    "assert_type",
    "assert_unchanged",
    "call",
    "call_pure",
    "check",
    "count_torch_calls",
    "describe",
    "describe_call",
    "dtype_str",
    "expect",
    "expect_raises",
    "forbid",
    "forbid_import",
    "free_port",
    "generator",
    "get",
    "idx_bytes",
    "input_gradients",
    "likely_cause",
    "load_same_weights",
    "on_fake_gpu",
    "plain",
    "post",
    "randn",
    "request",
    "run_processes",
    "scramble_global_rng",
    "serving",
    "simulate_devices",
    "weighted_sum",
    "write_cifar_batch",
    "write_coco",
    "write_csv",
    "write_idx",
    "write_memmap",
    "write_png",
]
