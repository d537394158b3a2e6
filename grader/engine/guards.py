"""Installing what the suite forbade: guarded callables and a finder that refuses forbidden imports.

Called by the engine after the suite is collected and before the attempt is imported (and in every
process the grade starts, see `grader.engine.inherit`). A guard raises `ForbiddenCall` only when the
attempt's file is on the call stack, so suites and references keep using the same APIs.
"""

from __future__ import annotations

import functools
import importlib.abc
import sys
from collections.abc import Callable, Iterable

import torch
from torch.overrides import TorchFunctionMode

from grader.checks import forbidden
from grader.checks.errors import ForbiddenCall

hits: list[str] = []  # "forbidden call: torch.eye" for every one the attempt made, caught by it or not
_getframe = sys._getframe


def attempt_on_stack(files: frozenset[str], depth: int = 2) -> bool:
    frame = _getframe(depth)
    while frame is not None:
        if frame.f_code.co_filename in files:
            return True
        frame = frame.f_back
    return False


def install(attempt_files: Iterable[str], names: Iterable[str] | None = None, modules: Iterable[str] = ()) -> None:
    """Guard the suite's forbidden names (default: what `forbid()` registered) and modules."""
    files = frozenset(attempt_files)
    chosen = forbidden.registry if names is None else {n: forbidden.resolve(n) for n in names}
    guarded: set[tuple[int, str]] = set()  # each route once, under the first name that forbade it
    for display, (owner, attr) in chosen.items():
        target = getattr(owner, attr)
        originals, refused_before = _originals.setdefault(display, []), set(_kernels)
        if isinstance(target, type):
            originals.append((target, "__init__", target.__init__))
            target.__init__ = _guard(target.__init__, display, files)
            continue
        for namespace, name in [(owner, attr), *_aliases(owner, target, attr)]:
            if (id(namespace), name) in guarded:
                continue
            guarded.add((id(namespace), name))
            primary = namespace is owner and name == attr
            spelled = f"{_name_of(namespace)}.{name}"
            shown = display if primary else f"{spelled}, an alias of {display}"
            route = getattr(namespace, name)
            originals.append((namespace, name, route))
            _guard_overloads(route, spelled, "" if primary else f", an alias of {display}", files)
            setattr(namespace, name, _guard(route, shown, files))
        _note_kernel(owner, attr, display)
        _refused_by[display] = [key for key in _kernels if key not in refused_before]
    if _kernels and not _RefuseKernels.pushed:
        _RefuseKernels(files).__enter__()  # for the rest of the process
    refused = frozenset(forbidden.modules | set(modules))
    if refused:
        sys.meta_path.insert(0, _ImportGuard(refused, files))


# What `install` did per forbidden name, for `allow`: the routes it replaced (with their originals) and the
# objects it refuses through `_overloads` and `_kernels`.
_originals: dict[str, list[tuple[object, str, object]]] = {}
_refused_by: dict[str, list[object]] = {}


def allow(monkeypatch: object, *names: str) -> None:
    """Lift these `forbid()`den names for the rest of one check (`monkeypatch` puts the guards back after it)."""
    for display in names:
        if display not in forbidden.registry:
            raise ValueError(f"allow: {display!r} is not forbidden by this suite")
        for namespace, name, original in _originals.get(display, ()):
            monkeypatch.setattr(namespace, name, original)
        for key in _refused_by.get(display, ()):
            monkeypatch.delitem(_kernels, key, raising=False)
            monkeypatch.delitem(_overloads, key, raising=False)


def resolve() -> None:
    """Find every route to the suite's forbidden names now (in a warm worker's zygote, before it forks grades), so
    that `install` in each grade guards them without searching torch's namespaces again."""
    from torch._ops import OpOverloadPacket

    for owner, attr in forbidden.registry.values():
        target = getattr(owner, attr)
        if isinstance(target, type):
            continue
        for namespace, name in [(owner, attr), *_aliases(owner, target, attr)]:
            route = getattr(namespace, name)
            if isinstance(route, OpOverloadPacket):
                for overload in route.overloads():
                    getattr(route, overload)  # made once, and kept by the packet


_found_aliases: dict[tuple[int, str], tuple[object, list[tuple[object, str]]]] = {}  # (owner, attr) -> target, routes


def _aliases(owner: object, target: object, attr: str) -> list[tuple[object, str]]:
    """Other public routes to the same operation: the same object under another module (`torch.functional.cdist`,
    `torch._C._nn.gelu`) and the ATen operator of that name (`torch.ops.aten.eye`); looked for once per process.

    `torch._C._VariableFunctions` is read-only: `_RefuseKernels` covers it.
    """
    known = _found_aliases.get((id(owner), attr))
    if known is not None and known[0] is target:
        return known[1]
    found = []
    for namespace in (torch, torch.functional, torch.nn.functional, torch._C._nn, torch.linalg, torch.special,
                      torch.fft):  # fmt: skip
        found += [(namespace, name) for name, value in list(vars(namespace).items()) if value is target]
    if getattr(torch._VF, attr, None) is target:  # what nn.RNN and friends call; resolved lazily, not in vars()
        found.append((torch._VF, attr))
    owned_by_torch = _owned_by_torch(owner)
    if owned_by_torch and hasattr(torch.ops.aten, attr):
        found.append((torch.ops.aten, attr))
    _found_aliases[id(owner), attr] = (target, found)
    return found


_overloads: dict[object, str] = {}  # forbidden ATen overloads (torch.ops.aten.gelu.default) -> display name


def _guard_overloads(route: object, spelled: str, alias_of: str, files: frozenset[str]) -> None:
    """`torch.ops.aten.gelu.default` is an attribute of the packet, not the packet: guard every overload, once,
    through `OpOverload.__call__`."""
    from torch._ops import OpOverload, OpOverloadPacket

    if not isinstance(route, OpOverloadPacket):
        return
    _kernels.setdefault(route, f"{spelled}{alias_of}")
    for overload in route.overloads():
        _overloads.setdefault(getattr(route, overload), f"{spelled}.{overload}{alias_of}")
        _kernels.setdefault(getattr(route, overload), _overloads[getattr(route, overload)])
    if getattr(OpOverload.__call__, "_prep_guard", False):
        return
    original = OpOverload.__call__

    def call(self, /, *args: object, **kwargs: object) -> object:
        shown = _overloads.get(self)
        if shown is not None and attempt_on_stack(files):
            hits.append(f"forbidden call: {shown}")
            raise ForbiddenCall(hits[-1])
        return original(self, *args, **kwargs)

    call._prep_guard = True
    OpOverload.__call__ = call


# Routes no patch can reach: the read-only `torch._C._VariableFunctions.X` (where every `torch.X` kernel comes
# from), and what lies behind an ATen operator (`torch.ops.aten.X.default._op`, `torch._C._jit_get_operation`)
_kernels: dict[object, str] = {}  # -> display name


def _owned_by_torch(owner: object) -> bool:
    return (getattr(owner, "__module__", None) or getattr(owner, "__name__", "")).startswith("torch")


def _note_kernel(owner: object, attr: str, display: str) -> None:
    """The read-only `torch._C._VariableFunctions` builtin of a forbidden torch name, for `_RefuseKernels`."""
    owned_by_torch = _owned_by_torch(owner)
    kernel = getattr(torch._C._VariableFunctions, attr, None) if owned_by_torch else None
    if kernel is not None:
        _kernels.setdefault(kernel, f"torch._C._VariableFunctions.{attr}, an alias of {display}")


class _RefuseKernels(TorchFunctionMode):
    """A torch function mode refusing `_kernels` to the attempt, pushed once when the first is forbidden: every
    route to a kernel passes through it as the kernel's object (the builtin, the OpOverload or its packet). It costs
    a Python call per torch call, so only questions that forbid a kernel pay for it; modes are per thread, so a
    thread the attempt starts is not covered."""

    pushed = False

    def __init__(self, files: frozenset[str]) -> None:
        super().__init__()
        self.files = files
        _RefuseKernels.pushed = True

    def __torch_function__(self, func, types, args=(), kwargs=None):
        shown = _kernels.get(func)
        if shown is not None and attempt_on_stack(self.files):
            hits.append(f"forbidden call: {shown}")
            raise ForbiddenCall(hits[-1])
        return func(*args, **(kwargs or {}))


def _name_of(namespace: object) -> str:
    return getattr(namespace, "__name__", None) or "torch.ops.aten"


def _guard(original: Callable, display: str, attempt_files: frozenset[str]) -> Callable:
    @functools.wraps(original)
    def guarded(*args: object, **kwargs: object) -> object:
        if attempt_on_stack(attempt_files):
            hits.append(f"forbidden call: {display}")
            raise ForbiddenCall(hits[-1])
        return original(*args, **kwargs)

    return guarded


class _ImportGuard(importlib.abc.MetaPathFinder):
    """Refuses `import torchvision` (and its submodules) from the attempt's code."""

    def __init__(self, refused: frozenset[str], attempt_files: frozenset[str]) -> None:
        self.refused, self.files = refused, attempt_files

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> None:
        parts = fullname.split(".")
        if any(".".join(parts[:i]) in self.refused for i in range(1, len(parts) + 1)) and attempt_on_stack(self.files):
            display = f"forbidden import: {fullname}"
            hits.append(display)
            raise ForbiddenCall(display)
        return None
