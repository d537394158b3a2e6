"""`forbid(...)`: APIs the attempt's own code may not call while it is graded.

A suite calls `forbid("torch.eye", "torch.Tensor.fill_diagonal_")` at module level. Before the attempt
is imported, the engine replaces each named callable with a guard that raises `ForbiddenCall` when the
attempt's file is on the call stack (directly or through torch code it called), so the suite and the
reference can still use the same API. A forbidden class is guarded at construction.
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable, Iterable

from grader.checks.errors import ForbiddenCall

ALIASES = {"F.": "torch.nn.functional.", "nn.": "torch.nn."}
_registry: dict[str, tuple[object, str]] = {}
hits: list[str] = []  # every forbidden call the attempt made, caught by it or not


def forbid(*names: str) -> None:
    """Forbid these dotted names (`torch.eye`, `F.gelu`, `torch.Tensor.fill_diagonal_`, `nn.GELU`)."""
    for name in names:
        _registry[name] = _resolve(name)


def forbidden_names() -> list[str]:
    return list(_registry)


def install(attempt_files: Iterable[str]) -> None:
    """Guard every registered name; called by the engine after collection, before the attempt loads."""
    files = frozenset(attempt_files)
    for display, (owner, attr) in _registry.items():
        target = getattr(owner, attr)
        if isinstance(target, type):
            target.__init__ = _guard(target.__init__, display, files)
        else:
            setattr(owner, attr, _guard(target, display, files))


def _resolve(name: str) -> tuple[object, str]:
    full = name
    for short, long in ALIASES.items():
        if name.startswith(short):
            full = long + name[len(short) :]
    parts = full.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            owner: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        try:
            for part in parts[split:-1]:
                owner = getattr(owner, part)
        except AttributeError:
            break
        if hasattr(owner, parts[-1]):
            return owner, parts[-1]
        break
    raise ValueError(f"forbid: cannot find {name!r}")


def _guard(original: Callable, display: str, attempt_files: frozenset[str]) -> Callable:
    @functools.wraps(original)
    def guarded(*args: object, **kwargs: object) -> object:
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename in attempt_files:
                hits.append(display)
                raise ForbiddenCall(f"forbidden call: {display}")
            frame = frame.f_back
        return original(*args, **kwargs)

    return guarded
