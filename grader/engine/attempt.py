"""Reading an attempt before grading: a file that cannot be read is a usage error, not a verdict.

A file that does not parse is still graded (verdict `error`, every check failed with the syntax error),
so that an interviewer grading a folder gets a result for every candidate.
"""

from __future__ import annotations

from pathlib import Path


class AttemptError(Exception):
    """The attempt cannot be graded at all (missing file, a folder, unreadable): a usage error, exit code 2."""


def read_attempt(path: Path) -> bytes:
    """The attempt's bytes, refusing a file that cannot be read with one clear line."""
    try:
        source = path.read_bytes()
    except FileNotFoundError:
        raise AttemptError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise AttemptError(f"{path} is a folder, not a Python file") from None
    except OSError as err:
        raise AttemptError(f"cannot read {path}: {err.strerror}") from None
    return source


def syntax_error(exc: SyntaxError, shown_as: str) -> str:
    """'SyntaxError at candidate.py:12:5: invalid syntax' for an attempt that does not parse."""
    where = f"{shown_as}:{exc.lineno}" + (f":{exc.offset}" if exc.offset else "")
    return f"{type(exc).__name__} at {where}: {exc.msg}"
