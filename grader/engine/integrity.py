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

from grader.engine import dict_versions

PROTECTED_MODULES = frozenset({
    "builtins", "os", "json", "hmac", "hashlib", "math", "random", "operator", "functools", "threading",
    "numpy", "numpy.testing", "numpy.linalg",
    "torch", "torch.testing", "torch.nn", "torch.nn.functional", "torch.autograd", "torch.linalg",
    "pytest", "grader",
})  # fmt: skip
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


class Namespace:
    """One namespace as the snapshot saw it: the object, a copy of its dict, that copy's names and values in the form
    the identity comparison takes whole, and the dict's version then (see `dict_versions`)."""

    __slots__ = ("_get", "_tag", "_values", "_version", "obj", "saved")

    def __init__(self, obj: object) -> None:
        self.obj, self._tag = obj, dict_versions.tag(obj)
        self._version = self.current_version()  # before the copy: a change in between shows as one
        self.saved = dict(_vars(obj))
        self.resaved()

    def current_version(self) -> int | None:
        return self._tag.value if self._tag is not None else None

    def resaved(self) -> None:
        """After `saved` changed (torch's own re-wrapping, a cache filled in)."""
        self._get = _itemgetter(*self.saved) if _len(self.saved) >= 2 else None  # (one name: not a tuple)
        self._values = tuple(self.saved.values())

    def untouched(self) -> bool:
        """Not modified at all since it last matched `saved`: one read of its dict's version."""
        return self._version is not None and self._tag.value == self._version

    def unchanged(self) -> bool:
        """Its names bound to the same objects as in `saved` (by identity, never `==`, which an attempt's object could
        answer): at once if untouched, else compared in C, ~10x faster than the loop in `changes`."""
        if self.untouched():
            return True
        version = self.current_version()  # read first: a change after it shows at the next look
        current = _vars(self.obj)
        if self._get is None or _len(current) != _len(self._values):
            return False
        try:
            now = self._get(current)
        except KeyError:
            return False
        if _all(_map(_is, now, self._values)):
            self.matched(version)
            return True
        return False

    def matched(self, version: int | None) -> None:
        """`saved` is what the dict held when it had this version (read before comparing)."""
        self._version = version


Snapshot = dict[str, Namespace]


def _namespaces() -> dict[str, object]:
    found: dict[str, object] = {}
    for name, module in _list(sys.modules.items()):
        if module is None or not (name in PROTECTED_MODULES or name.startswith(PROTECTED_PREFIXES)):
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


def take_snapshot(ahead: Snapshot | None = None) -> Snapshot:
    """The grader's namespaces now; a namespace unchanged since `ahead` (a snapshot taken earlier in this process)
    keeps its copy from there, which is cheaper than copying it again."""
    snapshot = {}
    for name, obj in _namespaces().items():
        earlier = ahead.get(name) if ahead else None
        snapshot[name] = (
            earlier if earlier is not None and earlier.obj is obj and earlier.unchanged() else Namespace(obj)
        )
    return snapshot


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
    for name, namespace in snapshot.items():
        if namespace.unchanged():
            continue
        version, reported = namespace.current_version(), _len(changed)
        current, saved = _vars(namespace.obj), namespace.saved
        accepted = False
        for key, value in _list(saved.items()):
            if key not in current:
                changed.append(f"{name}.{key}")
            elif current[key] is not value:
                if _torch_wraps(current[key], value):
                    saved[key], accepted = current[key], True
                else:
                    changed.append(f"{name}.{key}")
        for key, value in _list(current.items()):
            if key in saved:
                continue
            if _isinstance(value, _ModuleType) or _is_cache(key, value):  # a submodule imported, a cache filled
                saved[key], accepted = value, True
            else:
                changed.append(f"{name}.{key}")
        if accepted:
            namespace.resaved()
        if _len(changed) == reported:
            namespace.matched(version)
    return [name for name in changed if name not in PYTEST_STATE]


def restore(snapshot: Snapshot) -> None:
    for namespace in snapshot.values():
        obj, saved = namespace.obj, namespace.saved
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
