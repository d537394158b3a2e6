"""Detects and undoes an attempt's monkeypatching of the tools the grade depends on.

A snapshot records the namespaces that comparisons, reporting and pytest itself rely on (module dicts
and class dicts). After each check the plugin compares: any replaced, added or deleted name voids that
check and is put back, so a patched `torch.allclose` or `builtins.len` cannot turn a wrong answer into
a pass. Newly imported submodules showing up as attributes are not changes.
"""

from __future__ import annotations

import sys
import types

PROTECTED_MODULES = (
    "builtins", "os", "json", "hmac", "hashlib", "math", "random", "operator", "functools",
    "numpy", "numpy.testing", "numpy.linalg",
    "torch", "torch.testing", "torch.nn", "torch.nn.functional", "torch.autograd", "torch.linalg",
    "pytest",
)  # fmt: skip
PROTECTED_PREFIXES = ("grader.", "_pytest.", "pluggy.", "torch.testing.")
PROTECTED_CLASSES = ("torch.Tensor", "torch.nn.Module", "torch.nn.Parameter")
# Module state that pytest itself sets around every test.
PYTEST_STATE = frozenset({"_pytest.assertion.util._reprcompare", "_pytest.assertion.util._config"})

Snapshot = dict[str, tuple[object, dict[str, object]]]


def _namespaces() -> dict[str, object]:
    found: dict[str, object] = {}
    for name, module in list(sys.modules.items()):
        if module is None:
            continue
        if name in PROTECTED_MODULES or name == "grader" or name.startswith(PROTECTED_PREFIXES):
            found[name] = module
            if name.startswith(("grader.", "_pytest.", "pluggy.")):
                for attr, value in list(vars(module).items()):
                    if isinstance(value, type) and value.__module__ == name:
                        found[f"{name}.{attr}"] = value
    for dotted in PROTECTED_CLASSES:
        module_name, _, attr = dotted.rpartition(".")
        cls = getattr(sys.modules.get(module_name), attr, None) if module_name in sys.modules else None
        if cls is not None:
            found[dotted] = cls
    return found


def take_snapshot() -> Snapshot:
    return {name: (obj, dict(vars(obj))) for name, obj in _namespaces().items()}


def changes(snapshot: Snapshot) -> list[str]:
    """Dotted names whose binding differs from the snapshot (modules added by imports excluded)."""
    changed = []
    for name, (obj, saved) in snapshot.items():
        current = vars(obj)
        for key, value in saved.items():
            if key not in current or current[key] is not value:
                changed.append(f"{name}.{key}")
        for key, value in current.items():
            if key not in saved and not isinstance(value, types.ModuleType):
                changed.append(f"{name}.{key}")
    return [name for name in changed if name not in PYTEST_STATE]


def restore(snapshot: Snapshot) -> None:
    for obj, saved in snapshot.values():
        current = vars(obj)
        for key in [k for k in current if k not in saved and not isinstance(current[k], types.ModuleType)]:
            _set(obj, key, None, delete=True)
        for key, value in saved.items():
            if current.get(key, _MISSING) is not value:
                _set(obj, key, value)


_MISSING = object()


def _set(obj: object, key: str, value: object, delete: bool = False) -> None:
    try:
        if delete:
            delattr(obj, key)
        else:
            setattr(obj, key, value)
    except (AttributeError, TypeError):
        pass  # a read-only slot the attempt could not have changed either
