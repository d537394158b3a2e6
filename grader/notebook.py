"""Jupyter: `%load_ext grader`, then a cell that starts with `%%prep N` is graded like `prep grade N`.

The cell's code becomes the workspace's attempt file for question N and is graded in a fresh child process
by the CLI's own code path (`grade_and_record`, never the warm server, never in the kernel: what the kernel
defined cannot change the result); the grade is recorded in the workspace's progress and the checks table
renders in the notebook. `prep start N --notebook` writes a notebook for a question (`write_notebook`): plain
JSON, so neither that nor this module's import needs IPython.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.catalog import Question

MAGIC = "prep"
USAGE = "usage: %%prep N [--no-record] [--output] [--verbose] [--timeout SECONDS]"
INSTALL_HINT = 'pip install "prep[notebook]" (in a clone: pip install -e ".[notebook]")'
NOTEBOOK_PACKAGES = ("IPython", "ipykernel")


# --- `prep start N --notebook` ------------------------------------------------------------------------
def notebook_path(attempt: Path) -> Path:
    """The notebook sits next to the attempt: `<workspace>/01_basics/001_tensor_to_numpy.ipynb`."""
    return attempt.with_suffix(".ipynb")


def missing_notebook_packages() -> list[str]:
    return [name for name in NOTEBOOK_PACKAGES if importlib.util.find_spec(name) is None]


def _split_stub(source: str) -> tuple[str, str]:
    """(the module docstring, the code after it)."""
    tree = ast.parse(source)
    first = tree.body[0] if tree.body else None
    if ast.get_docstring(tree) is None or first is None:
        return "", source
    code = "".join(source.splitlines(keepends=True)[first.end_lineno :])
    return ast.get_docstring(tree) or "", code.lstrip("\n")


def _lines(text: str) -> list[str]:
    """A cell's source the way Jupyter stores it: one string per line, newlines kept (none after the last)."""
    return text.rstrip("\n").splitlines(keepends=True)


def notebook_json(question: Question) -> dict[str, Any]:
    """An nbformat 4.5 notebook: the spec (Markdown), `%load_ext grader`, and the stub in a `%%prep N` cell."""
    spec, code = _split_stub(question.exercise_path.read_text(encoding="utf-8"))
    first, _, rest = spec.partition("\n")
    body = rest.strip("\n") if first.startswith("Question") else spec  # the heading says it already
    markdown = (
        f"## Question {question.number} · {question.title}\n\n{question.title_zh} · {question.difficulty} · "
        f"{question.minutes} min\n\n{body}\n\n---\nWrite your answer in the `%%prep {question.number}` cell and run "
        "it: the cell is saved as your attempt and graded in a fresh process (what other cells defined does not "
        "count), and the grade goes into your progress (`prep progress`)."
    )
    cells = [
        {"cell_type": "markdown", "id": "spec", "metadata": {}, "source": _lines(markdown)},
        {"cell_type": "code", "id": "load", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["%load_ext grader"]},
        {"cell_type": "code", "id": "attempt", "metadata": {}, "execution_count": None, "outputs": [],
         "source": _lines(f"%%{MAGIC} {question.number}\n{code}")},
    ]  # fmt: skip
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
        "cells": cells,
    }


def write_notebook(question: Question, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook_json(question), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# --- `%load_ext grader` and `%%prep N` ----------------------------------------------------------------
@dataclass
class Options:
    number: str
    record: bool = True
    output: bool = False
    verbose: bool = False
    timeout: float | None = None


class MagicUsage(ValueError):
    """A `%%prep` line that cannot be parsed."""


def parse_line(line: str) -> Options:
    try:
        words = shlex.split(line)
    except ValueError as err:
        raise MagicUsage(f"{err}; {USAGE}") from None
    numbers, flags = [w for w in words if not w.startswith("-")], [w for w in words if w.startswith("-")]
    timeout = None
    if "--timeout" in words:  # the only option with a value
        at = words.index("--timeout")
        value = words[at + 1] if at + 1 < len(words) else ""
        try:
            timeout = float(value)
        except ValueError:
            raise MagicUsage(f"--timeout needs a number of seconds; {USAGE}") from None
        numbers.remove(value)
        flags.remove("--timeout")
    unknown = [f for f in flags if f not in ("--no-record", "--output", "--verbose", "-v")]
    if unknown or len(numbers) != 1:
        what = f"unknown option {unknown[0]}" if unknown else "give one question number or slug"
        raise MagicUsage(f"{what}; {USAGE}")
    return Options(numbers[0], "--no-record" not in flags, "--output" in flags, bool({"--verbose", "-v"} & set(flags)),
                   timeout)  # fmt: skip


def _error(message: str) -> None:
    """One line on the cell's stderr, never a traceback."""
    print(f"error: {message}", file=sys.stderr)


def prep_cell(line: str, cell: str) -> None:
    """`%%prep N`: save the cell as question N's attempt, grade it in a fresh process, record it, show the checks."""
    from rich.console import Console

    from grader.cli import render
    from grader.cli.context import USAGE_ERRORS, missing_requirements, question
    from grader.cli.grading import grade_and_record
    from grader.workspace import find_or_create_workspace

    try:
        options = parse_line(line)
        q = question(options.number)
        if missing := missing_requirements(q):
            raise MagicUsage(missing)
        workspace, created = find_or_create_workspace()
        attempt = workspace.attempt_path(q)
        attempt.parent.mkdir(parents=True, exist_ok=True)
        # The first line stands for the `%%prep` line, so the lines a failure names are the cell's.
        header = f"# the %%prep {q.number} cell of a notebook (line numbers are the cell's)\n"
        attempt.write_text(header + cell + ("" if cell.endswith("\n") else "\n"), encoding="utf-8")
        result = grade_and_record(q, attempt, workspace, options.record, options.timeout, served=False)
    except (MagicUsage, *USAGE_ERRORS) as err:
        _error(str(err))
        return
    except KeyboardInterrupt:
        _error("interrupted: nothing was recorded")
        return
    out = Console(highlight=False, soft_wrap=True)  # in Jupyter, rich renders to the notebook (HTML and text)
    with out:  # one output for the whole table
        if created:
            out.print(f"Created a workspace in {workspace.root} (progress in .prep/)", markup=False)
        render.grade_result(result, show_output=options.output, verbose=options.verbose, out=out)
        if not options.record:
            out.print("(not recorded: --no-record)", style="dim")


def load_ipython_extension(ipython: Any) -> None:
    ipython.register_magic_function(prep_cell, magic_kind="cell", magic_name=MAGIC)
