"""An audit hook that keeps the attempt away from the reference, the progress data and the grader.

Installed after the reference is loaded and before the attempt is imported; CPython offers no way to
remove an audit hook, so it holds for the rest of the grading process. It stops Python-level access
(open, remove, rename, sqlite3.connect, gc walks, killing the parent); it does not stop native code
(ctypes calls into libc) or programs the attempt starts: see README, "Grading integrity".
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

_FILE_EVENTS = frozenset({
    "open", "os.remove", "os.rmdir", "os.rename", "os.truncate", "os.chmod", "os.chown", "os.link",
    "os.symlink", "os.utime", "shutil.rmtree", "shutil.move", "shutil.copyfile", "sqlite3.connect",
    "os.listdir", "os.scandir",
})  # fmt: skip
_INTROSPECTION_EVENTS = frozenset({"gc.get_objects", "gc.get_referrers", "gc.get_referents"})


class SandboxViolation(PermissionError):
    """Raised in the attempt when it touches what the grade keeps out of its reach."""


def install(protected: Iterable[str | os.PathLike], grader_pids: set[int]) -> None:
    roots = tuple(os.path.realpath(p) for p in protected)
    realpath, fspath, sep = os.path.realpath, os.fspath, os.sep

    def is_protected(path: object) -> bool:
        if isinstance(path, int) or path is None:
            return False
        try:
            full = realpath(fspath(path))
        except (TypeError, ValueError):
            return False
        if isinstance(full, bytes):
            full = full.decode(errors="replace")
        return any(full == root or full.startswith(root + sep) for root in roots)

    def hook(event: str, args: tuple) -> None:
        if event in _FILE_EVENTS:
            for arg in args[:2]:
                if isinstance(arg, (str, bytes, os.PathLike)) and is_protected(arg):
                    raise SandboxViolation(f"grading sandbox: access to {fspath(arg)!r} is not allowed")
        elif event in _INTROSPECTION_EVENTS:
            raise SandboxViolation(f"grading sandbox: {event}() is not allowed while grading")
        elif event in ("os.kill", "os.killpg") and args and (args[0] in grader_pids or -args[0] in grader_pids):
            raise SandboxViolation("grading sandbox: signalling the grader is not allowed")

    sys.addaudithook(hook)
