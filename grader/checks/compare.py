"""Comparing results with expected values: shape and dtype first, then values, in a learner's words.

Messages follow `torch.testing.assert_close`: "output shape: expected (4, 10), got (4, 1, 10)",
"output differs: greatest absolute difference 3.1e-02 at [2, 5] (expected 0.1234, got 0.1543)".

`assert_close(actual, expected, tol, what, causes=...)` compares tensors, arrays, numbers and containers
of them (NaN and inf strictly, as `torch.testing.assert_close`), naming a likely cause when the attempt
matches a known wrong variant (`likely_cause` finds it); `assert_equal` compares exactly; `assert_shape`,
`assert_dtype`, `assert_type`, `assert_tensor` check one property; `assert_finite(value, what)` fails on
the first NaN or inf ("gradient of a: expected finite values, got nan at [2, 0]"); `expect(cond, message)`.
`describe(value)`, `shape_str`, `dtype_str` word values for messages.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import torch

from grader.checks.errors import CheckFailed
from grader.checks.trusted import plain, trusted_type

# Bound when the suite is collected, before the attempt is imported: an attempt that patches
# torch or NumPy afterwards does not change what these comparisons compute.
_t = SimpleNamespace(
    Tensor=torch.Tensor, as_tensor=torch.as_tensor, from_numpy=torch.from_numpy, isclose=torch.isclose,
    isnan=torch.isnan, isfinite=torch.isfinite, abs=torch.abs, argmax=torch.argmax, where=torch.where, ne=torch.ne,
    count_nonzero=torch.count_nonzero,
    detach=torch.Tensor.detach, cpu=torch.Tensor.cpu, to=torch.Tensor.to, item=torch.Tensor.item,
    tolist=torch.Tensor.tolist, numel=torch.Tensor.numel, ndarray=np.ndarray,
    float64=torch.float64, bool=torch.bool, zeros=torch.zeros,
)  # fmt: skip


@dataclass(frozen=True)
class Tol:
    """Relative and absolute tolerance: |actual - expected| <= atol + rtol * |expected|."""

    rtol: float
    atol: float

    def __str__(self) -> str:
        return f"rtol={self.rtol:.1e}, atol={self.atol:.1e}"


ELEMENTWISE = Tol(rtol=1.3e-6, atol=1e-5)  # float32 elementwise ops
REDUCTION = Tol(rtol=1e-4, atol=1e-5)  # sums, means, matmuls, backward
LOW_PRECISION = Tol(rtol=1e-2, atol=1e-2)  # bf16 / fp16
FLOAT64 = Tol(rtol=1e-7, atol=1e-9)
EXACT = Tol(rtol=0.0, atol=0.0)  # integers, indices, booleans


def describe(value: object) -> str:
    """A short description of a value for messages: 'a Tensor of shape (3, 4), float32'."""
    try:
        return _describe_plain(plain(value))
    except CheckFailed:  # a tensor subclass that cannot be seen through
        return f"a {type(value).__qualname__}, a tensor subclass with its own __torch_dispatch__"


def _describe_plain(value: object) -> str:
    if isinstance(value, _t.Tensor):
        return f"a Tensor of shape {shape_str(value.shape)}, {dtype_str(value.dtype)}"
    if isinstance(value, _t.ndarray):
        return f"a numpy.ndarray of shape {shape_str(value.shape)}, {value.dtype}"
    if value is None:
        return "None"
    cls = type(value)
    name = cls.__name__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"
    return f"{'an' if name[0] in 'aeiouAEIOU' else 'a'} {name}"


def shape_str(shape: tuple[int, ...] | torch.Size) -> str:
    dims = tuple(int(d) for d in shape)
    return f"({dims[0]},)" if len(dims) == 1 else str(dims)


def dtype_str(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


def expect(condition: object, message: str) -> None:
    """Fail the check with `message` unless `condition` holds."""
    if not condition:
        raise CheckFailed(message)


def assert_type(value: object, expected: type | tuple[type, ...], what: str = "output") -> None:
    """`value` is an instance of `expected` (a type or a tuple of types)."""
    if not isinstance(value, expected):
        types_ = expected if isinstance(expected, tuple) else (expected,)
        names = " or ".join(
            t.__name__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__name__}" for t in types_
        )
        raise CheckFailed(f"{what}: expected {names}, got {describe(value)}")


def assert_tensor(value: object, what: str = "output") -> torch.Tensor:
    """`value` is a tensor; returns it as the checks may inspect it (a plain tensor, see `trusted.plain`)."""
    if not isinstance(value, _t.Tensor):
        raise CheckFailed(f"{what}: expected a torch.Tensor, got {describe(value)}")
    return plain(value, what)


def assert_shape(value: object, shape: tuple[int, ...] | torch.Size, what: str = "output") -> None:
    value = plain(value, what)
    if not isinstance(value, (_t.Tensor, _t.ndarray)):
        raise CheckFailed(f"{what}: expected a tensor of shape {shape_str(shape)}, got {describe(value)}")
    if tuple(value.shape) != tuple(shape):
        raise CheckFailed(f"{what} shape: expected {shape_str(shape)}, got {shape_str(value.shape)}")


def assert_dtype(value: object, dtype: torch.dtype | np.dtype, what: str = "output") -> None:
    got = getattr(plain(value, what), "dtype", None)
    if got != dtype:
        show = dtype_str(dtype) if isinstance(dtype, torch.dtype) else str(dtype)
        shown = dtype_str(got) if isinstance(got, torch.dtype) else str(got)
        raise CheckFailed(f"{what} dtype: expected {show}, got {shown}")


# A known wrong variant of the computation: its value, or a function computing it only when needed.
Causes = Mapping[str, object | Callable[[], object]]


def likely_cause(actual: object, causes: Causes, tol: Tol = ELEMENTWISE, check_dtype: bool = True) -> str | None:
    """The first cause whose wrong variant `actual` matches within `tol` ("you used the biased variance").

    Only an exact match (within the same tolerance as the check) names a cause, never a guess; a variant
    that cannot be computed on these inputs is skipped.
    """
    for cause, variant in causes.items():
        try:
            value = variant() if callable(variant) else variant
            _compare(actual, value, tol, "variant", check_dtype, equal_nan=True)
        except Exception:
            continue
        return cause
    return None


def assert_close(
    actual: object,
    expected: object,
    tol: Tol = ELEMENTWISE,
    what: str = "output",
    check_dtype: bool = True,
    causes: Causes | None = None,
    equal_nan: bool = False,
) -> None:
    """Compare tensors, arrays, numbers, or tuples/lists/dicts of them, shapes and dtypes first.

    `causes` maps a learner-facing description of a common mistake to the value that mistake produces
    (or a function computing it): when the comparison fails and `actual` equals one of them, the
    message ends with "likely cause: <description>". NaN equals NaN only with `equal_nan=True`.
    """
    try:
        _compare(actual, expected, tol, what, check_dtype, equal_nan)
    except CheckFailed as failure:
        if causes and (cause := likely_cause(actual, causes, tol, check_dtype)) is not None:
            raise CheckFailed(f"{failure}; likely cause: {cause}") from None
        raise


def _compare(actual: object, expected: object, tol: Tol, what: str, check_dtype: bool, equal_nan: bool) -> None:
    actual = plain(actual, what)
    if isinstance(expected, (_t.Tensor, _t.ndarray)):
        kind = _t.Tensor if isinstance(expected, _t.Tensor) else _t.ndarray
        if not isinstance(actual, kind):
            name = "torch.Tensor" if kind is _t.Tensor else "numpy.ndarray"
            raise CheckFailed(f"{what}: expected a {name}, got {describe(actual)}")
        assert_shape(actual, expected.shape, what)
        if check_dtype:
            assert_dtype(actual, expected.dtype, what)
        if isinstance(expected, _t.Tensor) and actual.device != expected.device:
            raise CheckFailed(f"{what} device: expected {expected.device}, got {actual.device}")
        _compare_values(_as_cpu(actual), _as_cpu(expected), tol, what, equal_nan)
    elif isinstance(expected, Mapping):
        if not isinstance(actual, Mapping):
            raise CheckFailed(f"{what}: expected a dict, got {describe(actual)}")
        if set(actual) != set(expected):
            raise CheckFailed(f"{what} keys: expected {sorted(map(str, expected))}, got {sorted(map(str, actual))}")
        for key in expected:
            _compare(actual[key], expected[key], tol, f"{what}[{key!r}]", check_dtype, equal_nan)
    elif isinstance(expected, (tuple, list)):
        if not isinstance(actual, (tuple, list)):
            raise CheckFailed(f"{what}: expected a {type(expected).__name__}, got {describe(actual)}")
        if len(actual) != len(expected):
            raise CheckFailed(f"{what}: expected {len(expected)} items, got {len(actual)}")
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            _compare(a, e, tol, f"{what}[{i}]", check_dtype, equal_nan)
    elif isinstance(expected, (bool, int, float)):
        if isinstance(actual, _t.Tensor) and _t.numel(actual) == 1:
            actual = _t.item(actual)
        if not isinstance(actual, (bool, int, float, np.number)) or not trusted_type(type(actual)):
            raise CheckFailed(f"{what}: expected a number, got {describe(actual)}")
        a, e = float(actual), float(expected)
        both_nan = math.isnan(a) and math.isnan(e)
        finite_close = math.isfinite(a) and math.isfinite(e) and abs(a - e) <= tol.atol + tol.rtol * abs(e)
        if not (a == e or finite_close or (equal_nan and both_nan)):
            shown_e, shown_a = _distinct(e, a)
            raise CheckFailed(f"{what}: expected {shown_e}, got {shown_a} ({tol})")
    elif not trusted_type(type(actual)):  # its own __eq__ must not decide the comparison
        raise CheckFailed(f"{what}: expected {expected!r}, got {describe(actual)}, an object of a class of your own")
    elif expected != actual:
        raise CheckFailed(f"{what}: expected {expected!r}, got {actual!r}")


def assert_finite(value: object, what: str = "output", at: Callable[[int], str] | None = None) -> None:
    """No NaN or inf in a tensor, array, number, or tuple/list/dict of them; names the first one and its index, or
    with `at` (flat index -> words) the input it came from: `at=lambda i: f"at x = {x[i]:g}"`."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            assert_finite(item, f"{what}[{key!r}]", at)
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            assert_finite(item, f"{what}[{i}]", at)
    elif isinstance(value, (_t.Tensor, _t.ndarray)):
        flat = _as_cpu(plain(value, what)).reshape(-1)
        if not (flat.is_floating_point() or flat.is_complex()):
            return
        bad = ~_t.isfinite(flat)
        if bool(bad.any()):
            first = int(_t.argmax(bad.to(torch.uint8)))
            raise CheckFailed(
                f"{what}: expected finite values, got {_t.item(flat[first])}"
                f"{f' {at(first)}' if at else _index_str(first, value.shape)} "
                f"({int(_t.count_nonzero(bad))} of {flat.numel()} elements are not finite)"
            )
    elif isinstance(value, (bool, int, float, complex, np.number)):
        if not cmath.isfinite(complex(value)):
            raise CheckFailed(f"{what}: expected a finite number, got {value}")
    else:
        raise CheckFailed(f"{what}: expected a tensor, array or number, got {describe(value)}")


def assert_equal(actual: object, expected: object, what: str = "output") -> None:
    """Exact comparison (integers, indices, booleans, or values that must be bit-identical)."""
    assert_close(actual, expected, EXACT, what)


def _as_cpu(value: torch.Tensor | np.ndarray) -> torch.Tensor:
    if isinstance(value, _t.ndarray):
        return _t.as_tensor(np.array(value, copy=True))
    return _t.cpu(_t.detach(value))


def _index_str(flat: int, shape: tuple[int, ...] | torch.Size) -> str:
    """ " at [i, j]" for a row-major flat index (plain arithmetic: torch.unravel_index costs ~1 s on first use)."""
    if len(shape) == 0:
        return ""
    index = []
    for size in reversed(tuple(int(d) for d in shape)):
        flat, i = divmod(flat, size)
        index.append(i)
    index.reverse()
    return " at [" + ", ".join(map(str, index)) + "]"


def _compare_values(actual: torch.Tensor, expected: torch.Tensor, tol: Tol, what: str, equal_nan: bool) -> None:
    if expected.dtype == _t.bool or not (expected.is_floating_point() or expected.is_complex()):
        mismatch = _t.ne(actual, expected).reshape(-1)
        if not bool(mismatch.any()):
            return
        first = int(_t.argmax(mismatch.to(torch.uint8)))
        a, e = actual.reshape(-1)[first], expected.reshape(-1)[first]
        count = int(_t.count_nonzero(mismatch))
        raise CheckFailed(
            f"{what} differs: {count} of {mismatch.numel()} elements are wrong; "
            f"first{_index_str(first, expected.shape)} (expected {_t.item(e)!r}, got {_t.item(a)!r})"
        )
    a = _t.to(actual, _t.float64).reshape(-1)
    e = _t.to(expected, _t.float64).reshape(-1)
    close = _t.isclose(a, e, rtol=tol.rtol, atol=tol.atol, equal_nan=equal_nan)
    if bool(close.all()):
        return
    bad = ~close
    count = int(_t.count_nonzero(bad))
    nan_bad = bad & (_t.isnan(a) | _t.isnan(e))
    if bool(nan_bad.any()):
        first = int(_t.argmax(nan_bad.to(torch.uint8)))
        raise CheckFailed(
            f"{what} differs: got {_t.item(a[first]):.6g}{_index_str(first, expected.shape)} where "
            f"{_t.item(e[first]):.6g} was expected ({count} of {a.numel()} elements outside {tol})"
        )
    diff = _t.where(bad, _t.abs(a - e), _t.zeros((), dtype=_t.float64))
    worst = int(_t.argmax(diff))
    shown_e, shown_a = _distinct(_t.item(e[worst]), _t.item(a[worst]))
    raise CheckFailed(
        f"{what} differs: greatest absolute difference {_t.item(diff[worst]):.2e}{_index_str(worst, expected.shape)} "
        f"(expected {shown_e}, got {shown_a}); {count} of {a.numel()} elements outside {tol}"
    )


def _distinct(expected: float, actual: float) -> tuple[str, str]:
    """Both numbers with 6 significant digits, or as many more as it takes to tell them apart."""
    for digits in range(6, 18):
        shown = f"{expected:.{digits}g}", f"{actual:.{digits}g}"
        if shown[0] != shown[1]:
            return shown
    return shown
