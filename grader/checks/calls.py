"""Calling the attempt: a message that names the call, no hidden in-place changes, the right exception.

    describe_call("pairwise_distance", a=a, b=b)      # "pairwise_distance(a of shape (5, 3), b of shape (4, 3))"
    out = call(attempt.pairwise_distance, a, b)       # its error: "pairwise_distance(...) raised ValueError: ..."
    out = call_pure(attempt.pairwise_distance, a, b)  # and fails if it changed a or b in place
    err = expect_raises(ValueError, attempt.pick_device, "tpu", what="pick_device('tpu')")

`describe_call` takes a name or the function itself (then arguments are named by its parameters);
tensors and arrays show as their shape (and dtype unless float32, device unless cpu, "non-contiguous"),
other values as a short repr. When the attempt raises inside `call` or `call_pure`, the check fails with
"<call> raised <type>: <message>" and keeps the error as `__cause__`, so the engine still points at the
learner's line. What the engine words itself passes through unchanged: NotImplementedError (an untouched
stub reads "not implemented yet"), MemoryError, the grader's own exceptions (failed checks, forbidden
calls, the sandbox, limits of a simulation).
"""

from __future__ import annotations

import inspect
import reprlib
from collections.abc import Callable

import numpy as np
import torch

from grader.checks.compare import EXACT, assert_close, describe, dtype_str, shape_str
from grader.checks.errors import CheckFailed

_Tensor, _ndarray, _Module = torch.Tensor, np.ndarray, torch.nn.Module
_NESTED = (torch.Tensor, np.ndarray, list, tuple, dict)
_repr = reprlib.Repr()
_repr.maxstring, _repr.maxother, _repr.maxlist, _repr.maxtuple, _repr.maxdict = 30, 30, 4, 4, 3


def _argument_names(fn: Callable, args: tuple, kwargs: dict) -> list[tuple[str | None, object]]:
    if isinstance(fn, _Module):  # Module.__call__ takes (*args, **kwargs): the names are forward's
        fn = fn.forward
    try:
        bound = inspect.signature(fn).bind(*args, **kwargs)
    except (TypeError, ValueError):
        return [(None, a) for a in args] + list(kwargs.items())
    named: list[tuple[str | None, object]] = []
    for name, value in bound.arguments.items():
        kind = bound.signature.parameters[name].kind
        if kind is inspect.Parameter.VAR_POSITIONAL:
            named.extend((None, v) for v in value)
        elif kind is inspect.Parameter.VAR_KEYWORD:
            named.extend(value.items())
        else:
            named.append((name, value))
    return named


def _describe_argument(name: str | None, value: object) -> str:
    if isinstance(value, (_Tensor, _ndarray)):
        return _describe_array(name, value)
    shown = _short(value)
    return shown if name is None else f"{name}={shown}"


def _describe_array(name: str | None, value: torch.Tensor | np.ndarray) -> str:
    kind = "array" if isinstance(value, _ndarray) else "tensor"
    notes = [] if value.dtype in (torch.float32, np.float32) else [_dtype_name(value.dtype)]
    if name is not None and kind == "array":
        notes.append("array")
    if kind == "tensor" and value.device.type != "cpu":
        notes.append(f"on {value.device}")
    if not _is_contiguous(value):
        notes.append("non-contiguous")
    return " ".join([f"{name or kind} of shape {shape_str(value.shape)}", *notes])


def _short(value: object) -> str:
    """A value in a few words: a short repr, tensors by shape, long or odd reprs by their type."""
    if isinstance(value, (_Tensor, _ndarray)):
        return _describe_array(None, value)
    if isinstance(value, (list, tuple, dict)) and any(isinstance(v, _NESTED) for v in _values(value)):
        if isinstance(value, dict):
            shown = "{" + ", ".join(f"{_repr.repr(k)}: {_short(v)}" for k, v in list(value.items())[:3])
            shown += ", ...}" if len(value) > 3 else "}"
        else:
            items = ", ".join(_short(v) for v in value[:3]) + (", ..." if len(value) > 3 else "")
            shown = f"[{items}]" if isinstance(value, list) else f"({items}{',' if len(value) == 1 else ''})"
        if len(shown) > 60:
            shown = f"{describe(value)} of {len(value)} items"
        return shown
    shown = _repr.repr(value)
    if len(shown) > 60 or "\n" in shown or (shown.startswith("<") and shown.endswith(">")):
        return describe(value)
    return shown


def _values(container: list | tuple | dict) -> list:
    return list(container.values()) if isinstance(container, dict) else list(container)


def _dtype_name(dtype: torch.dtype | np.dtype) -> str:
    return dtype_str(dtype) if isinstance(dtype, torch.dtype) else str(dtype)


def _is_contiguous(value: torch.Tensor | np.ndarray) -> bool:
    return value.flags["C_CONTIGUOUS"] if isinstance(value, _ndarray) else value.is_contiguous()


def describe_call(fn: Callable | str, *args: object, **kwargs: object) -> str:
    """ "pairwise_distance(a of shape (5, 3), b of shape (4, 3))": the call in a learner's words."""
    if isinstance(fn, str):
        name, named = fn, [(None, a) for a in args] + list(kwargs.items())
    else:
        name = getattr(fn, "__name__", None) or type(fn).__name__
        named = _argument_names(fn, args, kwargs)
    return f"{name}({', '.join(_describe_argument(n, v) for n, v in named)})"


def _passes_through(err: BaseException) -> bool:
    """Exceptions the engine words itself (or that are the grader's own): never wrapped."""
    return isinstance(err, (NotImplementedError, MemoryError)) or type(err).__module__.startswith("grader.")


def call(fn: Callable, *args: object, what: str | None = None, **kwargs: object) -> object:
    """`fn(*args, **kwargs)`; if it raises, the check fails with "<what> raised <type>: <message>".

    `what` defaults to `describe_call(fn, *args, **kwargs)`.
    """
    try:
        return fn(*args, **kwargs)
    except Exception as err:
        if _passes_through(err):
            raise
        said = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
        raise CheckFailed(f"{what or describe_call(fn, *args, **kwargs)} raised {said}") from err


def _copy(value: object) -> object:
    if isinstance(value, _Tensor):
        return value.detach().clone()
    if isinstance(value, _ndarray):
        return value.copy()
    return None


def call_pure(fn: Callable, *args: object, what: str | None = None, **kwargs: object) -> object:
    """`call(fn, ...)`, also failing the check if it changed a tensor or array argument in place."""
    what = what or describe_call(fn, *args, **kwargs)
    watched = [(name, value, _copy(value)) for name, value in _argument_names(fn, args, kwargs)]
    out = call(fn, *args, what=what, **kwargs)
    for i, (name, value, before) in enumerate(watched):
        if before is not None:
            now = value.detach() if isinstance(value, _Tensor) else value
            shown = name or f"argument {i + 1}"
            assert_close(now, before, EXACT, f"{what}: {shown} after the call (inputs must not be modified)")
    return out


def expect_raises(
    expected: type[BaseException], fn: Callable, *args: object, what: str | None = None, **kwargs: object
) -> BaseException:
    """Call `fn` and require it to raise `expected`; returns the exception for checks on its message.

    NotImplementedError passes through, so an untouched stub reads "not implemented yet".
    """
    what = what or describe_call(fn, *args, **kwargs)
    try:
        out = fn(*args, **kwargs)
    except expected as err:
        return err
    except Exception as err:
        if _passes_through(err):
            raise
        raise CheckFailed(f"{what}: expected {error_name(expected)}, got {error_name(type(err))}: {err}") from err
    got = f"shape {shape_str(out.shape)}" if isinstance(out, _Tensor) else describe(out)
    raise CheckFailed(f"{what}: expected {error_name(expected)}, got a result of {got}")


def error_name(cls: type) -> str:
    """`ValueError`, but `struct.error` and `binascii.Error`: a bare `error` does not say whose."""
    name = cls.__qualname__
    return f"{cls.__module__}.{name}" if name in ("error", "Error") else name
