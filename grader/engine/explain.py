"""Turns an exception from a check into a message for the learner and a line in their file."""

from __future__ import annotations

import linecache
import re
import traceback

from grader.checks.errors import CheckFailed, ForbiddenCall
from grader.engine.sandbox import SandboxViolation
from grader.result import Location

MAX_MESSAGE = 2000


class AttemptImportError(CheckFailed):
    """The attempt could not be imported; every check fails with the same message."""


class AttemptInterrupted(CheckFailed):
    """The attempt raised KeyboardInterrupt, which pytest would otherwise treat as Ctrl-C."""


def locate(exc: BaseException, attempt_copy: str, attempt_file: str) -> Location | None:
    """The deepest frame of the learner's file in the exception's traceback (or its cause's)."""
    while exc is not None:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == attempt_copy]
        if frames:
            f = frames[-1]
            code = (f.line or linecache.getline(attempt_copy, f.lineno or 0)).strip()
            return Location(file=attempt_file, line=f.lineno or 0, function=f.name, code=code)
        exc = exc.__cause__ or exc.__context__
    return None


def _is_memory_error(exc: BaseException) -> bool:
    text = str(exc)
    return isinstance(exc, MemoryError) or (
        isinstance(exc, RuntimeError) and ("can't allocate memory" in text or "not enough memory" in text)
    )


def explain(exc: BaseException, location: Location | None, memory_mb: int) -> tuple[str, list[str]]:
    """(message, flags) for a failed check; flags name what the verdict should mention."""
    name = type(exc).__name__
    text = str(exc).strip()
    flags: list[str] = []
    if isinstance(exc, ForbiddenCall):
        message, flags = text, ["forbidden"]
    elif isinstance(exc, CheckFailed):
        message = text or "check failed"
    elif isinstance(exc, SandboxViolation):
        message, flags = text, ["sandbox"]
    elif name == "Failed" and (limit := re.search(r"Timeout \(>\s*([\d.]+)s\)", text)):  # pytest-timeout
        message, flags = f"timed out after {float(limit.group(1)):g} s (an endless loop?)", ["timeout"]
    elif _is_memory_error(exc):
        message, flags = f"exceeded memory (limit {memory_mb} MiB): {name}: {text}", ["memory"]
    elif isinstance(exc, SystemExit):
        message = f"your code called sys.exit({exc.code!r})"
    elif isinstance(exc, NotImplementedError) and location is not None:
        message = f"not implemented yet: {location.function}() raises NotImplementedError"
    elif location is not None:
        message = f"your code raised {name}: {text}" if text else f"your code raised {name}"
    else:
        message = f"{name}: {text}" if text else name
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE] + " ... (message truncated)"
    return message, flags
