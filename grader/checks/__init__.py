"""The vocabulary every suite speaks: graded checks, comparisons, gradients, forbidden APIs, training.

    from grader.checks import check, assert_close, ELEMENTWISE

    @check("numerics", points=2)
    def test_matches_reference(attempt, reference):
        x = randn(4, 3, 5, seed=1)
        assert_close(attempt.matmul_transpose(x), reference.matmul_transpose(x), REDUCTION)

`attempt` and `reference` are fixtures from the engine: the learner's module and the hidden solution.
Files in real formats for data-loading questions: grader.checks.formats (write_png, write_cifar_batch,
idx_bytes, write_idx, write_coco, write_csv, write_memmap); HTTP on loopback: grader.checks.loopback
(free_port, request, get, post, Response, serving).
"""

from grader.checks.calls import call_pure, expect_raises
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
    assert_shape,
    assert_tensor,
    assert_type,
    describe,
    dtype_str,
    expect,
    likely_cause,
)
from grader.checks.errors import CheckFailed, ForbiddenCall
from grader.checks.forbidden import forbid
from grader.checks.formats import (
    idx_bytes,
    write_cifar_batch,
    write_coco,
    write_csv,
    write_idx,
    write_memmap,
    write_png,
)
from grader.checks.grads import assert_gradcheck, assert_grads_match, weighted_sum
from grader.checks.loopback import Response, free_port, get, post, request, serving
from grader.checks.markers import check
from grader.checks.modules import assert_trains, load_same_weights
from grader.checks.rng import generator, randn, scramble_global_rng

__all__ = [
    "ELEMENTWISE",
    "EXACT",
    "FLOAT64",
    "LOW_PRECISION",
    "REDUCTION",
    "Causes",
    "CheckFailed",
    "ForbiddenCall",
    "Response",
    "Tol",
    "assert_close",
    "assert_dtype",
    "assert_equal",
    "assert_gradcheck",
    "assert_grads_match",
    "assert_shape",
    "assert_tensor",
    "assert_trains",
    "assert_type",
    "call_pure",
    "check",
    "describe",
    "dtype_str",
    "expect",
    "expect_raises",
    "forbid",
    "free_port",
    "generator",
    "get",
    "idx_bytes",
    "likely_cause",
    "load_same_weights",
    "post",
    "randn",
    "request",
    "scramble_global_rng",
    "serving",
    "weighted_sum",
    "write_cifar_batch",
    "write_coco",
    "write_csv",
    "write_idx",
    "write_memmap",
    "write_png",
]
