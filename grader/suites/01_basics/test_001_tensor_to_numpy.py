"""Grader for question 1: to_numpy / from_numpy keep shape, dtype and values, share memory, work on any device."""

import numpy as np
import pytest
import torch

from grader.checks import (
    EXACT,
    assert_close,
    assert_type,
    call_pure,
    check,
    dtype_str,
    expect,
    on_fake_gpu,
    randn,
)

DTYPES = [torch.float32, torch.float64, torch.float16, torch.int64, torch.uint8, torch.bool]
SHAPES = [(3, 5), ()]  # () : a 0-d tensor keeps its dtype too (no detour through a Python number)

THROUGH_FLOAT32 = "the data went through float32 (`.float()`, `torch.Tensor(...)`, a float32 dtype): keep the dtype"
THROUGH_ITEM = "a 0-d tensor became a Python number (`.item()`, `float(t)`), which NumPy stores as float64 or int64"
TORCH_TENSOR_OF_ITEM = "`torch.tensor(a.item())` gives torch's default dtype (float32, int64), not the array's"
BOOL_AS_UINT8 = "bool data became uint8: torch.from_numpy keeps a bool array as torch.bool"


def sample(dtype: torch.dtype, shape: tuple[int, ...] = (3, 5), seed: int = 0) -> torch.Tensor:
    """Random values: floats drawn in float64 (not all representable in float32), signed integers, both bools."""
    x = randn(*shape, seed=seed, dtype=torch.float64) * 50
    if dtype == torch.bool:
        return x > 0
    return (x.abs() if dtype == torch.uint8 else x).to(dtype)


def label(x: torch.Tensor | np.ndarray) -> str:
    kind = "tensor" if isinstance(x, torch.Tensor) else "array"
    dtype = dtype_str(x.dtype) if isinstance(x, torch.Tensor) else str(x.dtype)
    return f"{dtype} {kind} of shape {tuple(x.shape)}"


def to_numpy_checked(attempt, t: torch.Tensor, what: str) -> np.ndarray:
    flag = t.requires_grad
    out = call_pure(attempt.to_numpy, t, what=what)
    expect(t.requires_grad == flag, f"{what} changed the input's requires_grad flag: expected {flag}, got {not flag}")
    assert_type(out, np.ndarray, what)
    return out


def from_numpy_checked(attempt, a: np.ndarray, what: str) -> torch.Tensor:
    out = call_pure(attempt.from_numpy, a, what=what)
    assert_type(out, torch.Tensor, what)
    return out


@check("shape")
def test_to_numpy_keeps_the_shape(attempt):
    for shape in [(3, 5), (1,), (2, 3, 4), (), (4, 1)]:
        t = randn(*shape, seed=len(shape))
        out = to_numpy_checked(attempt, t, f"to_numpy(tensor of shape {shape})")
        expect(out.shape == shape, f"to_numpy(tensor of shape {shape}): shape: expected {shape}, got {out.shape}")


@check("dtype", points=2)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_str)
def test_to_numpy_keeps_dtype_and_values(attempt, dtype):
    for shape in SHAPES:
        t = sample(dtype, shape, seed=1)
        what = f"to_numpy({label(t)})"
        expected = t.numpy().copy()
        causes = {
            THROUGH_FLOAT32: lambda t=t: t.float().numpy(),
            THROUGH_ITEM: lambda t=t: np.array(t.item()),
        }
        assert_close(to_numpy_checked(attempt, t, what), expected, EXACT, what, causes=causes)


@check("behaviour", points=2)
def test_to_numpy_works_on_a_tensor_that_requires_grad(attempt):
    t = randn(4, 3, seed=2).requires_grad_()
    what = "to_numpy(tensor of shape (4, 3) with requires_grad=True)"
    assert_close(to_numpy_checked(attempt, t, what), t.detach().numpy().copy(), EXACT, what)


@check("behaviour", points=2)
def test_to_numpy_shares_memory(attempt):
    base = randn(5, 7, seed=3)
    for name, t in [("t", base), ("t.T", base.T), ("t[:, ::3]", base[:, ::3]), ("t[2, 3] (0-d)", base[2, 3])]:
        out = to_numpy_checked(attempt, t, f"to_numpy({name})")
        expect(
            np.shares_memory(out, base.numpy()),
            f"to_numpy({name}) copied the data: the array should share the tensor's memory (NumPy can view "
            "any strides, so no copy is needed)",
        )


@check("behaviour")
def test_to_numpy_handles_non_contiguous_tensors(attempt):
    base = randn(6, 8, seed=4)
    for name, t in [("t.T", base.T), ("t[:, ::3]", base[:, ::3])]:
        what = f"to_numpy({name})"
        assert_close(to_numpy_checked(attempt, t, what), t.numpy().copy(), EXACT, what)


@check("behaviour", points=2)
def test_to_numpy_moves_a_gpu_tensor_to_the_cpu(attempt):
    """A tensor that reports cuda:0 and refuses `.numpy()` until it is moved, as a real GPU tensor does."""
    t = randn(3, 4, seed=5)
    for what, x in [
        ("to_numpy(tensor of shape (3, 4) on cuda:0)", on_fake_gpu(t)),
        ("to_numpy(tensor of shape (3, 4) on cuda:0 with requires_grad=True)", on_fake_gpu(t.clone().requires_grad_())),
    ]:
        assert_close(to_numpy_checked(attempt, x, what), t.numpy().copy(), EXACT, what)


@check("behaviour")
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_to_numpy_moves_a_cuda_tensor_to_the_cpu(attempt):
    t = randn(3, 4, seed=5)
    what = "to_numpy(tensor of shape (3, 4) on a real cuda device)"
    assert_close(to_numpy_checked(attempt, t.cuda(), what), t.numpy(), EXACT, what)


@check("dtype", points=2)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_str)
def test_from_numpy_keeps_dtype_and_values(attempt, dtype):
    for shape in [(4, 3), ()]:
        a = sample(dtype, shape, seed=6).numpy()
        what = f"from_numpy({label(a)})"
        expected = torch.from_numpy(a.copy())
        causes = {
            THROUGH_FLOAT32: lambda a=a: torch.from_numpy(a.astype(np.float32)),
            BOOL_AS_UINT8: lambda a=a: torch.from_numpy(a.astype(np.uint8)),
            TORCH_TENSOR_OF_ITEM: lambda a=a: torch.tensor(a.item()),
        }
        assert_close(from_numpy_checked(attempt, a, what), expected, EXACT, what, causes=causes)


@check("behaviour", points=2)
def test_from_numpy_shares_memory(attempt):
    base = randn(3, 6, seed=7).numpy()
    for name, a in [("a", base), ("a.T", base.T), ("a[:, ::2]", base[:, ::2]), ("a[1, 4] (0-d)", base[1, 4, ...])]:
        out = from_numpy_checked(attempt, a, f"from_numpy({name})")
        expect(
            np.shares_memory(out.detach().numpy(), base),
            f"from_numpy({name}) copied the data: the tensor should share the array's memory (only negative "
            "strides, as in a[::-1], need a copy)",
        )


@check("behaviour", points=2)
def test_from_numpy_handles_non_contiguous_arrays(attempt):
    base = randn(6, 8, seed=8).numpy()
    for name, a in [("a.T", base.T), ("a[:, ::2]", base[:, ::2]), ("a[::-1]", base[::-1])]:
        what = f"from_numpy({name})"
        expected = torch.from_numpy(a.copy())
        assert_close(from_numpy_checked(attempt, a, what), expected, EXACT, what)
