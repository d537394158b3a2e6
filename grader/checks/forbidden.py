"""`forbid(...)` and `forbid_import(...)`: APIs and modules the attempt's own code may not use.

A suite calls `forbid("torch.eye", "torch.Tensor.fill_diagonal_")` or `forbid_import("torchvision")` at
module level. The engine (grader/engine/guards.py) then guards each name before the attempt is imported:
a call or an import made while the attempt's file is on the call stack (directly or through torch code it
called) raises `ForbiddenCall`, so the suite and the reference can still use the same API.
"""

from __future__ import annotations

import importlib

import torch

# The torch the suites are written against (CI's). An older one lacks some of the newer kernels a suite forbids
# (torch._scaled_dot_product_flash_attention_for_cpu): nothing can call those there, so they are skipped; on
# this version or a newer one a name that cannot be found is a mistake in the suite.
WRITTEN_FOR_TORCH = (2, 13)
ALIASES = {"F.": "torch.nn.functional.", "nn.": "torch.nn."}
# display name -> (owner object, attribute name), filled in by the suite at import
registry: dict[str, tuple[object, str]] = {}
modules: set[str] = set()  # top-level or dotted module names forbidden to import


def forbid(*names: str) -> None:
    """Forbid these dotted names (`torch.eye`, `F.gelu`, `torch.Tensor.fill_diagonal_`, `nn.GELU`)."""
    for name in names:
        try:
            registry[name] = resolve(name)
        except ValueError:
            if _torch_version() >= WRITTEN_FOR_TORCH:
                raise


def _torch_version() -> tuple[int, int]:
    major, minor = torch.__version__.split(".")[:2]
    return int(major), int(minor)


def allow_forbidden(monkeypatch: object, *names: str) -> None:
    """Lift these forbidden names for the rest of one check, where a part of the question may use what another
    part must write by hand: `allow_forbidden(monkeypatch, "nn.RNN")` (pytest's `monkeypatch` fixture puts the
    guards back after the check). Outside a grade, where nothing is guarded, it does nothing."""
    from grader.engine import guards  # the engine installed the guards; this module only names them

    guards.allow(monkeypatch, *names)


def forbid_import(*names: str) -> None:
    """Forbid importing these modules and their submodules (`torchvision`, `torchtext`)."""
    modules.update(names)


def resolve(name: str) -> tuple[object, str]:
    """(owner, attribute) of a dotted name, short forms `F.` and `nn.` included."""
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
