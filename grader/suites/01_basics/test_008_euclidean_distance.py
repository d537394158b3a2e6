"""Grader for question 8: euclidean_distance and pairwise_distance, finite gradients at a == b, no loops."""

import torch

from grader.checks import (
    REDUCTION,
    assert_close,
    assert_finite,
    assert_grads_match,
    assert_shape,
    call_pure,
    check,
    count_torch_calls,
    describe_call,
    expect,
    forbid,
    input_gradients,
    randn,
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


def e_name(a: torch.Tensor, b: torch.Tensor) -> str:
    return describe_call("euclidean_distance", a=a, b=b)


def p_name(a: torch.Tensor, b: torch.Tensor) -> str:
    return describe_call("pairwise_distance", a=a, b=b)


def euclidean(attempt, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return call_pure(attempt.euclidean_distance, a, b, what=e_name(a, b))


def pairwise(attempt, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return call_pure(attempt.pairwise_distance, a, b, what=p_name(a, b))


@check("shape")
def test_euclidean_output_shapes(attempt):
    for i, (a_shape, b_shape, out_shape) in enumerate(EUCLIDEAN_CASES):
        a, b = randn(*a_shape, seed=10 + i), randn(*b_shape, seed=20 + i)
        assert_shape(euclidean(attempt, a, b), out_shape, e_name(a, b))


@check("numerics", points=2)
def test_euclidean_matches_reference(attempt, reference):
    for i, (a_shape, b_shape, _) in enumerate(EUCLIDEAN_CASES):
        a, b = randn(*a_shape, seed=30 + i), randn(*b_shape, seed=40 + i)
        assert_close(euclidean(attempt, a, b), reference.euclidean_distance(a, b), REDUCTION, e_name(a, b))
    a, b = randn(5, 3, seed=50, dtype=torch.float64), randn(5, 3, seed=51, dtype=torch.float64)
    assert_close(euclidean(attempt, a, b), reference.euclidean_distance(a, b), REDUCTION, e_name(a, b))


@check("gradient", points=2)
def test_euclidean_gradients_match_reference(attempt, reference):
    for i, (a_shape, b_shape, _) in enumerate(EUCLIDEAN_CASES):
        inputs = {"a": randn(*a_shape, seed=60 + i), "b": randn(*b_shape, seed=70 + i)}
        assert_grads_match(attempt.euclidean_distance, reference.euclidean_distance, inputs, what=e_name(**inputs))


@check("gradient", points=2)
def test_euclidean_gradient_is_finite_where_a_equals_b(attempt, reference):
    a = randn(6, 5, seed=80)
    b = a.clone()
    b[1::2] = randn(3, 5, seed=81)  # rows 0, 2, 4 equal, rows 1, 3, 5 differ
    point = randn(5, seed=82)
    cases = [(a, b), (a, a.clone()), (torch.cat([randn(3, 5, seed=83), point[None]]), point)]
    for x, y in cases:
        what = e_name(x, y)
        out, grads = input_gradients(lambda p, q: euclidean(attempt, p, q), {"a": x, "b": y}, what=what)
        assert_close(out.detach(), reference.euclidean_distance(x, y), REDUCTION, what)
        assert_finite(grads["a"], f"{what} where a == b: gradient of a")
        assert_finite(grads["b"], f"{what} where a == b: gradient of b")


@check("shape")
def test_pairwise_output_shapes(attempt):
    for i, (n, m, d) in enumerate(PAIRWISE_CASES):
        a, b = randn(n, d, seed=100 + i), randn(m, d, seed=110 + i)
        assert_shape(pairwise(attempt, a, b), (n, m), p_name(a, b))


@check("numerics", points=2)
def test_pairwise_matches_reference(attempt, reference):
    for i, (n, m, d) in enumerate(PAIRWISE_CASES):
        a, b = randn(n, d, seed=120 + i), randn(m, d, seed=130 + i)
        assert_close(pairwise(attempt, a, b), reference.pairwise_distance(a, b), REDUCTION, p_name(a, b))
    a, b = randn(6, 3, seed=140, dtype=torch.float64), randn(4, 3, seed=141, dtype=torch.float64)
    assert_close(pairwise(attempt, a, b), reference.pairwise_distance(a, b), REDUCTION, p_name(a, b))


@check("gradient", points=2)
def test_pairwise_gradients_match_reference(attempt, reference):
    for i, (n, m, d) in enumerate(PAIRWISE_CASES):
        inputs = {"a": randn(n, d, seed=150 + i), "b": randn(m, d, seed=160 + i)}
        assert_grads_match(attempt.pairwise_distance, reference.pairwise_distance, inputs, what=p_name(**inputs))


@check("gradient", points=2)
def test_pairwise_gradient_is_finite_where_points_coincide(attempt):
    x = randn(40, 8, seed=170)
    y = torch.cat([randn(5, 8, seed=171), x[::4]])  # y[5 + k] == x[4 * k]
    for a, b, pairs in [(x, x.clone(), [(i, i) for i in range(40)]), (x, y, [(4 * k, 5 + k) for k in range(10)])]:
        what = p_name(a, b)
        out, grads = input_gradients(lambda p, q: pairwise(attempt, p, q), {"a": a, "b": b}, what=what)
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
        assert_finite(grads["a"], f"{what} where points coincide: gradient of a")
        assert_finite(grads["b"], f"{what} where points coincide: gradient of b")


@check("numerics")
def test_pairwise_handles_large_inputs(attempt, reference):
    a, b = randn(2000, 8, seed=180), randn(1500, 8, seed=181)
    expected = reference.pairwise_distance(a, b)
    assert_close(pairwise(attempt, a, b), expected, REDUCTION, p_name(a, b))


@check("behaviour", points=2)
def test_pairwise_has_no_python_loop(attempt):
    small = count_torch_calls(attempt.pairwise_distance, randn(3, 4, seed=190), randn(4, 4, seed=191))
    large = count_torch_calls(attempt.pairwise_distance, randn(150, 4, seed=192), randn(130, 4, seed=193))
    expect(
        large <= 2 * small + 10,
        f"pairwise_distance called {small} tensor operations for n=3, m=4 but {large} for n=150, m=130: "
        "the work grows with n and m, so there is a Python loop over the points (use broadcasting or a matmul)",
    )
