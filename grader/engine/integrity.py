"""Detects and undoes an attempt's monkeypatching of the tools the grade depends on.

A snapshot records the namespaces that comparisons, reporting and pytest itself rely on (module dicts
and class dicts). Right after each check's body runs, the plugin compares: any replaced, added or deleted
name voids that check and is put back, so a patched `torch.allclose` or `builtins.isinstance` cannot turn
a wrong answer into a pass. Not changes: submodules appearing as attributes when imported, torch
wrapping its own functions when it lazily starts a subsystem (torch._dynamo wraps `torch.manual_seed` and
`nn.Module.__init__`), and caches filled in on first use (pickle's `__slotnames__`, torch's flags).
"""

from __future__ import annotations

import operator
import os
import sys
import types

import torch

PROTECTED_MODULES = (
    "builtins", "os", "json", "hmac", "hashlib", "math", "random", "operator", "functools", "threading",
    "numpy", "numpy.testing", "numpy.linalg",
    "torch", "torch.testing", "torch.nn", "torch.nn.functional", "torch.autograd", "torch.linalg",
    "pytest",
)  # fmt: skip
PROTECTED_PREFIXES = ("grader.", "_pytest.", "pluggy.", "torch.testing.")
CLASS_PREFIXES = ("grader.", "_pytest.", "pluggy.")
PROTECTED_CLASSES = (torch.Tensor, torch.nn.Module, torch.nn.Parameter)
# Module state that pytest itself sets around every test.
PYTEST_STATE = frozenset({"_pytest.assertion.util._reprcompare", "_pytest.assertion.util._config"})
TORCH_DIR = os.path.dirname(torch.__file__) + os.sep

# Bound now: the attempt may have replaced the builtins by the time these run.
_vars, _isinstance, _getattr, _setattr, _delattr, _list = vars, isinstance, getattr, setattr, delattr, list
_len, _all, _map, _is, _itemgetter = len, all, map, operator.is_, operator.itemgetter
_ModuleType = types.ModuleType

Snapshot = dict[str, tuple[object, dict[str, object]]]


def _namespaces() -> dict[str, object]:
    found: dict[str, object] = {}
    for name, module in _list(sys.modules.items()):
        if module is None or not (name in PROTECTED_MODULES or name == "grader" or name.startswith(PROTECTED_PREFIXES)):
            continue
        found[name] = module
        if name.startswith(CLASS_PREFIXES):
            for attr, value in _list(_vars(module).items()):
                if _isinstance(value, type) and value.__module__ == name:
                    found[f"{name}.{attr}"] = value
    for cls in PROTECTED_CLASSES:
        found[name_of(cls)] = cls
    return found


def name_of(obj: object) -> str:
    """The snapshot's name for a module or class."""
    if _isinstance(obj, type):
        return f"{obj.__module__}.{obj.__qualname__}"
    return _getattr(obj, "__name__", "")


def take_snapshot() -> Snapshot:
    return {name: (obj, dict(_vars(obj))) for name, obj in _namespaces().items()}


def _torch_wraps(new: object, old: object) -> bool:
    """True if torch itself replaced `old` with a wrapper that calls it.

    torch._dynamo wraps `torch.manual_seed` (functools.wraps) and `nn.Module.__init__` / `__setstate__`
    (a closure over the original) the first time `torch.compile` runs.
    """
    code = _getattr(new, "__code__", None)
    if code is None or not code.co_filename.startswith(TORCH_DIR):
        return False
    cells = _getattr(new, "__closure__", None) or ()
    return _getattr(new, "__wrapped__", None) is old or any(_cell_holds(cell, old) for cell in cells)


def _cell_holds(cell: object, value: object) -> bool:
    try:
        return cell.cell_contents is value
    except ValueError:  # an empty cell
        return False


def _is_cache(key: str, value: object) -> bool:
    """A name that pickle, warnings or torch add on first use: copyreg's `__slotnames__`, the warnings
    registry, torch's own flags.

    Dunder names other than `__slotnames__` change behaviour (`__torch_function__`, `__eq__`), and so
    does anything callable: those are never a cache.
    """
    if key == "__slotnames__":
        return _isinstance(value, _list)
    if key == "__warningregistry__":  # `warnings.warn(..., stacklevel=2)` blames the calling module
        return _isinstance(value, dict)
    is_dunder = key.startswith("__") and key.endswith("__")
    return not is_dunder and (value is None or _isinstance(value, (bool, int, float, str)))


def changes(snapshot: Snapshot) -> list[str]:
    """Dotted names whose binding differs from the snapshot; torch's own re-wrapping is accepted."""
    changed = []
    for name, (obj, saved) in snapshot.items():
        current = _vars(obj)
        if _unchanged(current, saved):
            continue
        for key, value in _list(saved.items()):
            if key not in current:
                changed.append(f"{name}.{key}")
            elif current[key] is not value:
                if _torch_wraps(current[key], value):
                    saved[key] = current[key]
                else:
                    changed.append(f"{name}.{key}")
        for key, value in _list(current.items()):
            if key in saved or _isinstance(value, _ModuleType):
                continue
            if _is_cache(key, value):
                saved[key] = value
            else:
                changed.append(f"{name}.{key}")
    return [name for name in changed if name not in PYTEST_STATE]


def _unchanged(current: dict[str, object], saved: dict[str, object]) -> bool:
    """The same names bound to the same objects (by identity, never `==`, which an attempt's object could answer),
    compared in C: the common case, ~10x faster than the loop in `changes`."""
    if _len(current) != _len(saved) or _len(saved) < 2:
        return False
    try:
        now = _itemgetter(*saved)(current)
    except KeyError:
        return False
    return _all(_map(_is, now, saved.values()))


def restore(snapshot: Snapshot) -> None:
    for obj, saved in snapshot.values():
        current = _vars(obj)
        for key in [k for k in current if k not in saved and not _isinstance(current[k], _ModuleType)]:
            _set(obj, key, None, delete=True)
        for key, value in saved.items():
            if current.get(key, _MISSING) is not value:
                _set(obj, key, value)


_MISSING = object()


def _set(obj: object, key: str, value: object, delete: bool = False) -> None:
    try:
        if delete:
            _delattr(obj, key)
        else:
            _setattr(obj, key, value)
    except (AttributeError, TypeError):
        pass  # a read-only slot the attempt could not have changed either
