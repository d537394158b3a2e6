"""An audit hook that keeps the attempt away from the reference, the progress data and the grader.

Installed after the reference is loaded and before the attempt is imported; CPython offers no way to
remove an audit hook, so it holds for the rest of the grading process (and every process it starts, see
`inherit`). It refuses, to any code: opening, listing, removing or renaming protected files,
`sqlite3.connect` to them, gc heap walks and signals to the grader. To the attempt's own code (directly
or through a standard-library helper it calls) it also refuses interpreter frames (`sys._getframe`,
`sys._current_frames`, `inspect.stack`, traceback/generator/coroutine frames), tracing and profiling hooks,
ctypes, code compiled under another file's name, and changing what the grader's or a library's objects do
while every name stays bound to them (a function's `__code__` or defaults, a class's `__bases__`, a module's
or a class's `__class__`). PyTorch's own use of frames on the attempt's behalf (`torch.jit.script`, dynamo,
fx) is not the attempt's and keeps working. Programs the attempt starts are out of its reach: see README,
"Grading integrity".
"""

from __future__ import annotations

import os
import sys
import sysconfig
import types
from collections.abc import Iterable

_FILE_EVENTS = frozenset({
    "open", "os.remove", "os.rmdir", "os.rename", "os.truncate", "os.chmod", "os.chown", "os.link",
    "os.symlink", "os.utime", "shutil.rmtree", "shutil.move", "shutil.copyfile", "sqlite3.connect",
    "os.listdir", "os.scandir",
})  # fmt: skip
_INTROSPECTION_EVENTS = frozenset({"gc.get_objects", "gc.get_referrers", "gc.get_referents"})
# Refused when the attempt asks, directly or through any standard-library helper.
_HOOK_EVENTS = frozenset({"sys.settrace", "sys.setprofile", "sys.monitoring.register_callback"})
# Refused when the attempt asks directly, or through a helper whose job is to hand frames out.
_FRAME_EVENTS = frozenset({"sys._getframe", "sys._current_frames"})
_FRAME_ATTRIBUTES = frozenset({"tb_frame", "gi_frame", "cr_frame", "ag_frame"})
_FRAME_HELPERS = frozenset({"inspect", "bdb", "pdb", "traceback.walk_tb", "traceback.walk_stack"})
# What changes an object's behaviour while every name stays bound to it (so the integrity snapshot cannot see it):
# a function's code or defaults, a class's bases, a module's or a class's class. Refused on objects not the attempt's.
_REWRITES = frozenset({"__code__", "__defaults__", "__kwdefaults__", "__bases__", "__class__"})
_STDLIB = tuple(
    os.path.realpath(p) + os.sep for p in {sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"]}
)


class SandboxViolation(PermissionError):
    """Raised in the attempt when it touches what the grade keeps out of its reach."""


def _is_stdlib(filename: str) -> bool:
    if filename.startswith("<frozen"):
        return True
    return filename.startswith(_STDLIB) and "-packages" + os.sep not in filename


def install(protected: Iterable[str | os.PathLike], grader_pids: set[int], attempt_files: Iterable[str] = ()) -> None:
    roots = tuple(os.path.realpath(p) for p in protected)
    attempt = frozenset(attempt_files)
    realpath, fspath, sep, getframe, basename = os.path.realpath, os.fspath, os.sep, sys._getframe, os.path.basename
    busy = []  # re-entry guard: walking frames raises audit events of its own

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

    def requester() -> tuple[bool, object]:
        """(is the first frame outside the standard library the attempt's, the standard-library function it
        called on the way, or None if it asked directly)."""
        frame = getframe(3)  # the code that raised the event (above the hook, refuse_to_attempt and this)
        outermost = None
        while frame is not None:
            code = frame.f_code
            filename = code.co_filename
            if filename in attempt:
                return True, outermost
            if _is_stdlib(filename):
                outermost = code
            elif not filename.startswith("<"):  # torch, the grader, pytest: not the attempt's request
                return False, None
            frame = frame.f_back
        return False, None

    def owned(target: object, attr: str) -> bool:
        """Whether the attempt's own code defined `target`: a function of its file, a class or module of it (an
        ordinary object's `__class__` is not the grader's to guard)."""
        if isinstance(target, types.FunctionType):
            return target.__code__.co_filename in attempt
        if isinstance(target, type):
            target = sys.modules.get(vars(target).get("__module__", ""))
        elif not isinstance(target, types.ModuleType):
            return attr == "__class__"
        return isinstance(target, types.ModuleType) and vars(target).get("__file__") in attempt

    def through_frame_helper(via: object) -> bool:
        module = basename(via.co_filename).removesuffix(".py")
        return module in _FRAME_HELPERS or f"{module}.{via.co_name}" in _FRAME_HELPERS

    def refuse_to_attempt(event: str, args: tuple) -> None:
        if event in _HOOK_EVENTS:
            what, rule = f"{event}() (tracing hooks)", "always"
        elif event in _FRAME_EVENTS:
            what, rule = f"{event}() (interpreter frames)", "frames"
        elif event == "object.__getattr__" and len(args) > 1 and args[1] in _FRAME_ATTRIBUTES:
            what, rule = f"the {args[1]} attribute (interpreter frames)", "frames"
        elif event.startswith("ctypes."):
            what, rule = "ctypes", "always"
        elif event == "object.__setattr__" and len(args) > 1 and args[1] in _REWRITES and not owned(*args[:2]):
            what, rule = f"setting {args[1]} of {type(args[0]).__name__} {getattr(args[0], '__name__', '')!r}", "always"
        elif event in ("compile", "code.__new__") and len(args) > 1 and isinstance(args[1], str):
            if not os.path.isabs(args[1]) or args[1] in attempt:
                return
            what, rule = f"code compiled as {args[1]!r}", "direct"  # importing a module compiles it too
        else:
            return
        by_attempt, via = requester()
        if not by_attempt:
            return
        if rule == "always" or via is None or (rule == "frames" and through_frame_helper(via)):
            raise SandboxViolation(f"grading sandbox: {what} is not allowed in graded code")

    def hook(event: str, args: tuple) -> None:
        if event in _FILE_EVENTS:
            for arg in args[:2]:
                if isinstance(arg, (str, bytes, os.PathLike)) and is_protected(arg):
                    raise SandboxViolation(f"grading sandbox: access to {fspath(arg)!r} is not allowed")
        elif event in _INTROSPECTION_EVENTS:
            raise SandboxViolation(f"grading sandbox: {event}() is not allowed while grading")
        elif event in ("os.kill", "os.killpg") and args and (args[0] in grader_pids or -args[0] in grader_pids):
            raise SandboxViolation("grading sandbox: signalling the grader is not allowed")
        elif attempt and not busy:
            busy.append(True)
            try:
                refuse_to_attempt(event, args)
            finally:
                busy.pop()

    sys.addaudithook(hook)
