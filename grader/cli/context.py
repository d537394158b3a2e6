"""What every command shares: consoles, one-line usage errors (exit code 2), workspace and store access."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn, TypeVar

import typer
from rich.console import Console

from grader.catalog import Catalog, Question, UnknownQuestion, load_catalog, missing_packages
from grader.engine.attempt import AttemptError
from grader.store import StateError, Store
from grader.workspace import NoWorkspace, Workspace, find_workspace

PIPE_WIDTH = 100  # rich assumes 80 columns when writing to a pipe or file


def _console(stderr: bool) -> Console:
    made = Console(stderr=stderr, highlight=False, soft_wrap=True)
    if not made.is_terminal and "COLUMNS" not in os.environ:
        made.width = PIPE_WIDTH
    return made


console = _console(stderr=False)
err_console = _console(stderr=True)

F = TypeVar("F", bound=Callable)


class UsageError(Exception):
    """Bad input from the user: one line on stderr, exit code 2."""


USAGE_ERRORS = (UsageError, UnknownQuestion, NoWorkspace, StateError, AttemptError)


def fail(message: str) -> NoReturn:
    err_console.print(f"error: {message}", markup=False)
    raise typer.Exit(2)


def usage_errors(command: F) -> F:
    """Turn the known kinds of bad input into one line and exit code 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: object, **kwargs: object) -> object:
        try:
            return command(*args, **kwargs)
        except USAGE_ERRORS as err:
            fail(str(err))
        except KeyboardInterrupt:
            err_console.print("interrupted: nothing was recorded")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def catalog() -> Catalog:
    return load_catalog()


def question(number: str | int) -> Question:
    """An available question, or a usage error (unknown, or not landed yet)."""
    q = catalog().get(number)
    if not q.available:
        raise UsageError(f"question {q.number} ({q.slug}) is coming soon: its files have not landed yet")
    return q


def workspace_or_none() -> Workspace | None:
    try:
        return find_workspace()
    except NoWorkspace:
        return None


@contextmanager
def open_store(workspace: Workspace) -> Iterator[Store]:
    store = Store(workspace.db_path)
    try:
        yield store
    finally:
        store.close()


def question_or_current(number: str | None, workspace: Workspace | None, command: str) -> Question:
    """The question given on the command line, else the workspace's current one (the last started)."""
    if number is not None:
        return question(number)
    current = None
    if workspace is not None and workspace.db_path.exists():
        with open_store(workspace) as store:
            current = store.current()
    if current is None:
        raise UsageError(f"no current question: give a number, e.g. `prep {command} 1`, or run `prep next`")
    return question(current)


def missing_requirements(q: Question) -> str | None:
    """'question 72 needs onnxruntime: pip install onnxruntime' while a package it requires is missing."""
    missing = missing_packages(q.requires)
    if not missing:
        return None
    return f"question {q.number} needs {', '.join(missing)}: pip install {' '.join(missing)}"


def is_interactive() -> bool:
    return sys.stdin.isatty()
