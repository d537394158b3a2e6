"""What the checks inspect is plain data: a tensor subclass or an ndarray subclass from the attempt is
seen through its base class, so its own `__torch_function__`, `shape` property or `__array_function__`
cannot steer a comparison.

    plain(value, what) -> the same data as a plain `torch.Tensor` / `np.ndarray` (or `value` itself)

Subclasses whose every override is defined in torch or the grader (`nn.Parameter`, the simulated GPU
tensor) are kept as they are. A tensor subclass of the attempt's that defines `__torch_dispatch__` cannot
be seen through (its data may live nowhere) and is refused with a message.
"""

from __future__ import annotations

import os

import numpy as np
import torch

from grader.checks.errors import CheckFailed

_Tensor, _ndarray = torch.Tensor, np.ndarray
_as_subclass, _view = torch.Tensor.as_subclass, np.ndarray.view
_DisableTorchFunction = torch._C.DisableTorchFunctionSubclass
_TRUSTED_DIRS = (
    os.path.dirname(torch.__file__) + os.sep,
    os.path.dirname(np.__file__) + os.sep,
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep,  # the grader package
)
_isinstance, _type, _vars, _getattr = isinstance, type, vars, getattr


def _defined_in_trusted_code(value: object) -> bool:
    """A function, property or method defined in torch, NumPy or the grader; anything built in (the
    attempt cannot write C); plain data."""
    members = (value, _getattr(value, "fget", None), _getattr(value, "fset", None), _getattr(value, "__func__", None))
    for member in members:
        code = _getattr(member, "__code__", None)
        if code is not None and not code.co_filename.startswith(_TRUSTED_DIRS):
            return False
    return True


def trusted_type(cls: type) -> bool:
    """No method of `cls` (up to `object`) comes from the attempt: its `==` and `float()` can be believed."""
    return _trusted(cls, object)


def _trusted(cls: type, base: type) -> bool:
    """Every class between `cls` and `base` overrides only with torch's, NumPy's or the grader's code."""
    for klass in cls.__mro__:
        if klass is base:
            return True
        if not all(_defined_in_trusted_code(v) for k, v in _vars(klass).items() if k not in _DATA_KEYS):
            return False
    return True


_DATA_KEYS = frozenset({"__module__", "__qualname__", "__doc__", "__dict__", "__weakref__", "__slots__",
                        "__annotations__", "__orig_bases__", "__parameters__", "__firstlineno__",
                        "__static_attributes__"})  # fmt: skip


def plain(value: object, what: str = "output") -> object:
    """`value` as plain data the checks can trust (see the module docstring)."""
    cls = _type(value)
    if cls is _Tensor or cls is _ndarray:
        return value
    if _isinstance(value, _Tensor):
        if _trusted(cls, _Tensor):
            return value
        if _getattr(cls, "__torch_dispatch__", None) is not _getattr(_Tensor, "__torch_dispatch__", None):
            raise CheckFailed(
                f"{what}: expected a plain torch.Tensor, got a {cls.__qualname__}, a tensor subclass with its own "
                "__torch_dispatch__ (return a plain tensor)"
            )
        with _DisableTorchFunction():
            return _as_subclass(value, _Tensor)
    if _isinstance(value, _ndarray):
        return value if _trusted(cls, _ndarray) else _view(value, _ndarray)
    return value
