"""Grader for question 8: euclidean_distance and pairwise_distance, finite gradients at a == b, no loops."""

import torch
from torch.overrides import TorchFunctionMode

from grader.checks import (
    REDUCTION,
    assert_close,
    assert_grads_match,
    assert_shape,
    call_pure,
    check,
    expect,
    forbid,
    randn,
    weighted_sum,
)

forbid("torch.cdist", "F.pairwise_distance", "torch.pairwise_distance", "torch.dist", "torch.Tensor.dist")

# (shape of a, shape of b, expected output shape): rows, a single point, batches (where dim=1 is not
# the last dimension), broadcast batches, two vectors.
EUCLIDEAN_CASES = [
    ((5, 3), (5, 3), (5,)),
    ((1, 4), (1, 4), (1,)),
    ((7, 6), (6,), (7,)),
    ((4, 3, 5), (4, 3, 5), (4, 3)),
    ((2, 1, 6), (1, 3, 6), (2, 3)),
    ((6,), (6,), ()),
]
# (n, m, d): n != m, a single row on either side, n == m.
PAIRWISE_CASES = [(5, 4, 3), (1, 7, 6), (8, 1, 2), (3, 3, 5), (9, 11, 4)]


def e_name(a_shape: tuple[int, ...], b_shape: tuple[int, ...]) -> str:
    return f"euclidean_distance(a of shape {a_shape}, b of shape {b_shape})"


def p_name(n: int, m: int, d: int) -> str:
    return f"pairwise_distance(a of shape {(n, d)}, b of shape {(m, d)})"


def euclidean(attempt, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return call_pure(attempt.euclidean_distance, a, b, what=e_name(tuple(a.shape), tuple(b.shape)))


def pairwise(attempt, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return call_pure(attempt.pairwise_distance, a, b, what=p_name(a.shape[0], b.shape[0], a.shape[1]))


def input_gradients(fn, a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The output of fn(a, b) and the gradients of a seeded weighted sum of it with respect to a and b."""
    a, b = a.detach().clone().requires_grad_(), b.detach().clone().requires_grad_()
    out = fn(a, b)
    loss = weighted_sum(out)
    expect(loss.requires_grad, "the output is not connected to the inputs: no gradient flows back (detached?)")
    grad_a, grad_b = torch.autograd.grad(loss, [a, b], allow_unused=True)
    expect(grad_a is not None and grad_b is not None, "no gradient flowed back to a or b")
    return out, grad_a, grad_b


def expect_finite(grad: torch.Tensor, what: str) -> None:
    bad = ~torch.isfinite(grad)
    if bool(bad.any()):
        where = [int(i) for i in bad.nonzero()[0]]
        expect(False, f"{what}: expected finite values, got {grad[tuple(where)].item()} at {where} (sqrt at 0?)")


class CountTorchCalls(TorchFunctionMode):
    """Counts the torch functions and tensor methods called inside the `with` block.

    Local helper: a candidate for grader.checks (any "no Python loop" check can use it).
    """

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.calls += 1
        return func(*args, **(kwargs or {}))


def count_torch_calls(fn, *args: object) -> int:
    with CountTorchCalls() as counter:
        fn(*args)
    return counter.calls


@check("shape")
def test_euclidean_output_shapes(attempt):
    for i, (a_shape, b_shape, out_shape) in enumerate(EUCLIDEAN_CASES):
        out = euclidean(attempt, randn(*a_shape, seed=10 + i), randn(*b_shape, seed=20 + i))
        assert_shape(out, out_shape, e_name(a_shape, b_shape))


@check("numerics", points=2)
def test_euclidean_matches_reference(attempt, reference):
    for i, (a_shape, b_shape, _) in enumerate(EUCLIDEAN_CASES):
        a, b = randn(*a_shape, seed=30 + i), randn(*b_shape, seed=40 + i)
        assert_close(euclidean(attempt, a, b), reference.euclidean_distance(a, b), REDUCTION, e_name(a_shape, b_shape))
    a, b = randn(5, 3, seed=50, dtype=torch.float64), randn(5, 3, seed=51, dtype=torch.float64)
    assert_close(
        euclidean(attempt, a, b), reference.euclidean_distance(a, b), REDUCTION, "float64 " + e_name((5, 3), (5, 3))
    )


@check("gradient", points=2)
def test_euclidean_gradients_match_reference(attempt, reference):
    for i, (a_shape, b_shape, _) in enumerate(EUCLIDEAN_CASES):
        inputs = {"a": randn(*a_shape, seed=60 + i), "b": randn(*b_shape, seed=70 + i)}
        assert_grads_match(
            attempt.euclidean_distance, reference.euclidean_distance, inputs, what=e_name(a_shape, b_shape)
        )


@check("gradient", points=2)
def test_euclidean_gradient_is_finite_where_a_equals_b(attempt, reference):
    a = randn(6, 5, seed=80)
    b = a.clone()
    b[1::2] = randn(3, 5, seed=81)  # rows 0, 2, 4 equal, rows 1, 3, 5 differ
    point = randn(5, seed=82)
    cases = [(a, b), (a, a.clone()), (torch.cat([randn(3, 5, seed=83), point[None]]), point)]
    for x, y in cases:
        what = e_name(tuple(x.shape), tuple(y.shape))
        out, grad_a, grad_b = input_gradients(lambda p, q: euclidean(attempt, p, q), x, y)
        assert_close(out.detach(), reference.euclidean_distance(x, y), REDUCTION, what)
        expect_finite(grad_a, f"{what} where a == b: gradient of a")
        expect_finite(grad_b, f"{what} where a == b: gradient of b")


@check("shape")
def test_pairwise_output_shapes(attempt):
    for i, (n, m, d) in enumerate(PAIRWISE_CASES):
        out = pairwise(attempt, randn(n, d, seed=100 + i), randn(m, d, seed=110 + i))
        assert_shape(out, (n, m), p_name(n, m, d))


@check("numerics", points=2)
def test_pairwise_matches_reference(attempt, reference):
    for i, (n, m, d) in enumerate(PAIRWISE_CASES):
        a, b = randn(n, d, seed=120 + i), randn(m, d, seed=130 + i)
        assert_close(pairwise(attempt, a, b), reference.pairwise_distance(a, b), REDUCTION, p_name(n, m, d))
    a, b = randn(6, 3, seed=140, dtype=torch.float64), randn(4, 3, seed=141, dtype=torch.float64)
    assert_close(pairwise(attempt, a, b), reference.pairwise_distance(a, b), REDUCTION, "float64 " + p_name(6, 4, 3))


@check("gradient", points=2)
def test_pairwise_gradients_match_reference(attempt, reference):
    for i, (n, m, d) in enumerate(PAIRWISE_CASES):
        inputs = {"a": randn(n, d, seed=150 + i), "b": randn(m, d, seed=160 + i)}
        assert_grads_match(attempt.pairwise_distance, reference.pairwise_distance, inputs, what=p_name(n, m, d))


@check("gradient", points=2)
def test_pairwise_gradient_is_finite_where_points_coincide(attempt):
    x = randn(40, 8, seed=170)
    y = torch.cat([randn(5, 8, seed=171), x[::4]])  # y[5 + k] == x[4 * k]
    for a, b, pairs in [(x, x.clone(), [(i, i) for i in range(40)]), (x, y, [(4 * k, 5 + k) for k in range(10)])]:
        what = p_name(a.shape[0], b.shape[0], a.shape[1])
        out, grad_a, grad_b = input_gradients(lambda p, q: pairwise(attempt, p, q), a, b)
        assert_shape(out, (a.shape[0], b.shape[0]), what)
        rows, cols = torch.tensor(pairs).T
        same = out.detach()[rows, cols]
        worst = int(torch.nan_to_num(same, nan=float("inf")).abs().argmax())
        # 1e-2, not 1e-5: the |a|^2 + |b|^2 - 2 a.b expansion leaves ~1e-3 of round-off at 0.
        expect(
            bool((same.abs() <= 1e-2).all()),
            f"{what}: the distance between a point and itself should be 0, got {same[worst].item():.4g} "
            f"at [{pairs[worst][0]}, {pairs[worst][1]}]",
        )
        expect_finite(grad_a, f"{what} where points coincide: gradient of a")
        expect_finite(grad_b, f"{what} where points coincide: gradient of b")


@check("numerics")
def test_pairwise_handles_large_inputs(attempt, reference):
    a, b = randn(2000, 8, seed=180), randn(1500, 8, seed=181)
    expected = reference.pairwise_distance(a, b)
    assert_close(pairwise(attempt, a, b), expected, REDUCTION, p_name(2000, 1500, 8))


@check("behaviour", points=2)
def test_pairwise_has_no_python_loop(attempt):
    small = count_torch_calls(attempt.pairwise_distance, randn(3, 4, seed=190), randn(4, 4, seed=191))
    large = count_torch_calls(attempt.pairwise_distance, randn(150, 4, seed=192), randn(130, 4, seed=193))
    expect(
        large <= 2 * small + 10,
        f"pairwise_distance called {small} tensor operations for n=3, m=4 but {large} for n=150, m=130: "
        "the work grows with n and m, so there is a Python loop over the points (use broadcasting or a matmul)",
    )
