"""Grader for question 1: to_numpy / from_numpy keep dtype and values and share memory."""

import numpy as np
import pytest
import torch

from grader.checks import EXACT, assert_close, assert_type, call_pure, check, dtype_str, expect, randn

DTYPES = [torch.float32, torch.float64, torch.float16, torch.int64, torch.uint8, torch.bool]


def sample(dtype: torch.dtype, shape: tuple[int, ...] = (3, 5), seed: int = 0) -> torch.Tensor:
    return (randn(*shape, seed=seed) * 50).to(dtype)


def to_numpy_checked(attempt, t: torch.Tensor, what: str) -> np.ndarray:
    out = call_pure(attempt.to_numpy, t, what=what)
    assert_type(out, np.ndarray, what)
    return out


@check("shape")
def test_to_numpy_keeps_the_shape(attempt):
    for shape in [(3, 5), (1,), (2, 3, 4), ()]:
        t = randn(*shape, seed=len(shape))
        out = to_numpy_checked(attempt, t, f"to_numpy(tensor of shape {tuple(shape)})")
        expect(out.shape == tuple(shape), f"to_numpy shape: expected {tuple(shape)}, got {out.shape}")


@check("dtype", points=2)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_str)
def test_to_numpy_keeps_dtype_and_values(attempt, dtype):
    t = sample(dtype, seed=1)
    assert_close(to_numpy_checked(attempt, t, f"to_numpy({dtype})"), t.numpy(), EXACT, f"to_numpy({dtype})")


@check("behaviour", points=2)
def test_to_numpy_works_on_a_tensor_that_requires_grad(attempt):
    t = randn(4, 3, seed=2).requires_grad_()
    out = to_numpy_checked(attempt, t, "to_numpy(tensor with requires_grad=True)")
    assert_close(out, t.detach().numpy(), EXACT, "to_numpy(tensor with requires_grad=True)")
    expect(t.requires_grad, "to_numpy changed the input's requires_grad flag")


@check("behaviour", points=2)
def test_to_numpy_shares_memory(attempt):
    t = randn(5, 7, seed=3)
    out = to_numpy_checked(attempt, t, "to_numpy")
    expect(np.shares_memory(out, t.numpy()), "to_numpy copied the data: the array should share the tensor's memory")


@check("behaviour")
def test_to_numpy_handles_non_contiguous_tensors(attempt):
    base = randn(6, 8, seed=4)
    for name, t in [("t.T", base.T), ("t[:, ::3]", base[:, ::3])]:
        assert_close(to_numpy_checked(attempt, t, f"to_numpy({name})"), t.numpy(), EXACT, f"to_numpy({name})")


@check("behaviour")
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_to_numpy_moves_a_cuda_tensor_to_the_cpu(attempt):
    t = randn(3, 4, seed=5)
    assert_close(
        to_numpy_checked(attempt, t.cuda(), "to_numpy(cuda tensor)"), t.numpy(), EXACT, "to_numpy(cuda tensor)"
    )


@check("dtype", points=2)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_str)
def test_from_numpy_keeps_dtype_and_values(attempt, dtype):
    a = sample(dtype, (4, 3), seed=6).numpy()
    out = attempt.from_numpy(a)
    assert_close(out, torch.from_numpy(a.copy()), EXACT, f"from_numpy({a.dtype} array)")


@check("behaviour", points=2)
def test_from_numpy_shares_memory(attempt):
    a = randn(3, 6, seed=7).numpy()
    out = attempt.from_numpy(a)
    assert_type(out, torch.Tensor, "from_numpy")
    expect(np.shares_memory(out.numpy(), a), "from_numpy copied the data: the tensor should share the array's memory")


@check("behaviour", points=2)
def test_from_numpy_handles_non_contiguous_arrays(attempt):
    base = randn(6, 8, seed=8).numpy()
    for name, a in [("a.T", base.T), ("a[:, ::2]", base[:, ::2]), ("a[::-1]", base[::-1])]:
        before = a.copy()
        out = attempt.from_numpy(a)
        assert_close(out, torch.from_numpy(a.copy()), EXACT, f"from_numpy({name})")
        assert_close(a, before, EXACT, f"from_numpy({name}): the input array after the call")
