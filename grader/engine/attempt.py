"""Reading an attempt before grading: what cannot be graded at all is a usage error, not a verdict."""

from __future__ import annotations

from pathlib import Path


class AttemptError(Exception):
    """The attempt cannot be graded at all (missing file, syntax error): a usage error, exit code 2."""


def read_attempt(path: Path) -> bytes:
    """The attempt's bytes, refusing what cannot be graded with one clear line."""
    try:
        source = path.read_bytes()
    except FileNotFoundError:
        raise AttemptError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise AttemptError(f"{path} is a folder, not a Python file") from None
    except OSError as err:
        raise AttemptError(f"cannot read {path}: {err.strerror}") from None
    try:
        compile(source, str(path), "exec", dont_inherit=True)
    except SyntaxError as err:
        where = f"{path}:{err.lineno}" + (f":{err.offset}" if err.offset else "")
        raise AttemptError(f"syntax error in {where}: {err.msg}") from None
    except ValueError as err:
        raise AttemptError(f"cannot compile {path}: {err}") from None
    return source
