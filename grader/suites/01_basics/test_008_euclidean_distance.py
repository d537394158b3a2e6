"""Grader for question 8: euclidean_distance and pairwise_distance, finite gradients at a == b, no loops."""

import torch

from grader.checks import (
    FLOAT64,
    REDUCTION,
    assert_close,
    assert_finite,
    assert_grads_match,
    assert_shape,
    call,
    call_pure,
    check,
    count_torch_calls,
    describe_call,
    expect,
    forbid,
    input_gradients,
    randn,
)

forbid(
    "torch.cdist",
    "F.pairwise_distance",
    "torch.pairwise_distance",
    "torch.dist",
    "torch.Tensor.dist",
    "torch._euclidean_dist",
)

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
# What float64 is for: distances beyond float32's range (their squares overflow it), and points far from the
# origin, where float32 keeps too few digits of each coordinate.
FLOAT64_INPUTS = [("of size 1e20", 1e20, 0.0), ("near 1000", 1.0, 1000.0)]

# Likely causes: the known mistakes and the output each one gives.
REDUCED_DIM_1 = "the sum ran over dim=1, which is the last dimension only for 2-D inputs: reduce over dim=-1"
TRANSPOSED = "the result is the (m, n) transpose: out[i, j] must be the distance from a[i] to b[j]"
IN_FLOAT32 = "the distance was computed in float32 (a `.float()` cast, a float32 tensor): float64 needs float64 math"
# Coincident points: at most this far from 0 (the reference clamps the squared distance at 1e-12, so 1e-6).
ZERO = 1e-5


def e_name(a: torch.Tensor, b: torch.Tensor) -> str:
    return describe_call("euclidean_distance", a=a, b=b)


def p_name(a: torch.Tensor, b: torch.Tensor) -> str:
    return describe_call("pairwise_distance", a=a, b=b)


def euclidean(attempt, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return call_pure(attempt.euclidean_distance, a, b, what=e_name(a, b))


def pairwise(attempt, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return call_pure(attempt.pairwise_distance, a, b, what=p_name(a, b))


def float64_pair(shape_a: tuple[int, ...], shape_b: tuple[int, ...], scale: float, offset: float, seed: int):
    a = randn(*shape_a, seed=seed, dtype=torch.float64) * scale + offset
    return a, randn(*shape_b, seed=seed + 1, dtype=torch.float64) * scale + offset


def in_float32(fn, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return fn(a.float(), b.float()).double()


@check("shape")
def test_euclidean_output_shapes(attempt):
    for i, (a_shape, b_shape, out_shape) in enumerate(EUCLIDEAN_CASES):
        a, b = randn(*a_shape, seed=10 + i), randn(*b_shape, seed=20 + i)
        assert_shape(euclidean(attempt, a, b), out_shape, e_name(a, b))


@check("numerics", points=2)
def test_euclidean_matches_reference(attempt, reference):
    for i, (a_shape, b_shape, _) in enumerate(EUCLIDEAN_CASES):
        a, b = randn(*a_shape, seed=30 + i), randn(*b_shape, seed=40 + i)
        causes = {REDUCED_DIM_1: lambda a=a, b=b: (a - b).pow(2).sum(1).sqrt()}
        expected = reference.euclidean_distance(a, b)
        assert_close(euclidean(attempt, a, b), expected, REDUCTION, e_name(a, b), causes=causes)
    for label, scale, offset in FLOAT64_INPUTS:
        a, b = float64_pair((5, 3), (5, 3), scale, offset, seed=50)
        causes = {IN_FLOAT32: lambda a=a, b=b: in_float32(reference.euclidean_distance, a, b)}
        expected = reference.euclidean_distance(a, b)
        assert_close(euclidean(attempt, a, b), expected, FLOAT64, f"{e_name(a, b)} {label}", causes=causes)


@check("gradient", points=2)
def test_euclidean_gradients_match_reference(attempt, reference):
    for i, (a_shape, b_shape, _) in enumerate(EUCLIDEAN_CASES):
        inputs = {"a": randn(*a_shape, seed=60 + i), "b": randn(*b_shape, seed=70 + i)}
        assert_grads_match(attempt.euclidean_distance, reference.euclidean_distance, inputs, what=e_name(**inputs))


def rows_equal_somewhere() -> list[tuple[torch.Tensor, torch.Tensor]]:
    """(a, b) pairs for euclidean_distance where some rows of a equal the row of b they are compared with."""
    a = randn(6, 5, seed=80)
    b = a.clone()
    b[1::2] = randn(3, 5, seed=81)  # rows 0, 2, 4 equal, rows 1, 3, 5 differ
    point = randn(5, seed=82)
    return [(a, b), (a, a.clone()), (torch.cat([randn(3, 5, seed=83), point[None]]), point)]


@check("numerics")
def test_euclidean_is_zero_where_a_equals_b(attempt, reference):
    for a, b in rows_equal_somewhere():
        expected = torch.where((a == b).all(dim=-1), 0.0, reference.euclidean_distance(a, b))
        assert_close(euclidean(attempt, a, b), expected, REDUCTION, f"{e_name(a, b)} (0 where a == b)")


@check("gradient", points=2)
def test_euclidean_gradient_is_finite_where_a_equals_b(attempt):
    for a, b in rows_equal_somewhere():
        what = e_name(a, b)
        _, grads = input_gradients(lambda p, q: euclidean(attempt, p, q), {"a": a, "b": b}, what=what)
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
        causes = {TRANSPOSED: lambda a=a, b=b: reference.pairwise_distance(b, a)}
        expected = reference.pairwise_distance(a, b)
        assert_close(pairwise(attempt, a, b), expected, REDUCTION, p_name(a, b), causes=causes)
    for label, scale, offset in FLOAT64_INPUTS:
        a, b = float64_pair((6, 3), (4, 3), scale, offset, seed=140)
        causes = {IN_FLOAT32: lambda a=a, b=b: in_float32(reference.pairwise_distance, a, b)}
        expected = reference.pairwise_distance(a, b)
        assert_close(pairwise(attempt, a, b), expected, FLOAT64, f"{p_name(a, b)} {label}", causes=causes)


@check("gradient", points=2)
def test_pairwise_gradients_match_reference(attempt, reference):
    for i, (n, m, d) in enumerate(PAIRWISE_CASES):
        inputs = {"a": randn(n, d, seed=150 + i), "b": randn(m, d, seed=160 + i)}
        assert_grads_match(attempt.pairwise_distance, reference.pairwise_distance, inputs, what=p_name(**inputs))


def coinciding_points() -> list[tuple[torch.Tensor, torch.Tensor, list[tuple[int, int]]]]:
    """(a, b, the pairs (i, j) where a[i] == b[j]) for pairwise_distance."""
    x = randn(40, 8, seed=170)
    y = torch.cat([randn(5, 8, seed=171), x[::4]])  # y[5 + k] == x[4 * k]
    return [(x, x.clone(), [(i, i) for i in range(40)]), (x, y, [(4 * k, 5 + k) for k in range(10)])]


@check("numerics")
def test_pairwise_is_zero_where_points_coincide(attempt):
    for a, b, pairs in coinciding_points():
        what = p_name(a, b)
        out = pairwise(attempt, a, b)
        assert_shape(out, (a.shape[0], b.shape[0]), what)
        rows, cols = torch.tensor(pairs).T
        same = out.detach()[rows, cols]
        worst = int(torch.nan_to_num(same, nan=float("inf")).abs().argmax())
        expect(
            bool((same.abs() <= ZERO).all()),
            f"{what}: the distance between a point and itself should be 0 (at most {ZERO:g}), got "
            f"{same[worst].item():.4g} at [{pairs[worst][0]}, {pairs[worst][1]}]",
        )


@check("gradient", points=2)
def test_pairwise_gradient_is_finite_where_points_coincide(attempt):
    for a, b, _ in coinciding_points():
        what = p_name(a, b)
        _, grads = input_gradients(lambda p, q: pairwise(attempt, p, q), {"a": a, "b": b}, what=what)
        assert_finite(grads["a"], f"{what} where points coincide: gradient of a")
        assert_finite(grads["b"], f"{what} where points coincide: gradient of b")


@check("numerics", timeout_s=10)
def test_pairwise_handles_large_inputs(attempt, reference):
    a, b = randn(2000, 8, seed=180), randn(1500, 8, seed=181)
    expected = reference.pairwise_distance(a, b)
    assert_close(pairwise(attempt, a, b), expected, REDUCTION, p_name(a, b))


@check("behaviour", points=2)
def test_pairwise_has_no_python_loop(attempt):
    """A vectorised pairwise_distance makes the same torch calls whatever n and m; a loop over points (or
    chunks of them, up to 1024) makes more for more points. Small sizes first: a loop over every pair
    fails there before the large sizes would take long."""
    sizes = [(3, 4), (40, 37), (1100, 6), (5, 1100)]
    counts = []
    for i, (n, m) in enumerate(sizes):
        a, b = randn(n, 4, seed=190 + i), randn(m, 4, seed=200 + i)
        counts.append(count_torch_calls(call, attempt.pairwise_distance, a, b, what=p_name(a, b)))
        expect(
            counts[-1] == counts[0],
            f"pairwise_distance made {counts[0]} torch calls for n={sizes[0][0]}, m={sizes[0][1]} but {counts[-1]} for "
            f"n={n}, m={m}: the work grows with the number of points, so there is a Python loop over them (or over "
            "chunks of them): use broadcasting",
        )
