"""The learner's loop: next, show, start, hint, solution (hints and solutions count in a mock interview)."""

from __future__ import annotations

import random
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from grader.catalog import Question
from grader.cli import debug, render
from grader.cli.context import (
    catalog,
    console,
    fail,
    is_interactive,
    missing_requirements,
    open_store,
    question,
    question_or_current,
    usage_errors,
    workspace_or_none,
)
from grader.store import MockSession, Store
from grader.workspace import Workspace, find_or_create_workspace, find_workspace

QuestionArg = Annotated[str, typer.Argument(help="Question number (1-92) or slug.", show_default=False)]
OptionalQuestionArg = Annotated[
    str | None, typer.Argument(help="Question number or slug (default: the current question).", show_default=False)
]


def register(app: typer.Typer) -> None:
    app.command("next")(next_question)
    app.command("show")(show)
    app.command("start")(start)
    app.command("hint")(hint)
    app.command("solution")(solution)


def _hand_out(workspace: Workspace, store: Store, q: Question) -> None:
    wrote = workspace.copy_stub(q)
    store.record_start(q.number)
    render.question_spec(q)
    console.print()
    path = render.relative(workspace.attempt_path(q))
    console.print(Text(f"Edit:  {path}" + ("" if wrote else "   (your attempt is kept)"), style="bold"))
    console.print(f"Grade: prep grade {q.number}     Hint: prep hint {q.number}", markup=False)
    if missing := missing_requirements(q):
        render.warn(missing)


@usage_errors
def next_question(
    section: Annotated[str | None, typer.Option(help="Only questions of this section, e.g. 03_models.")] = None,
    random_pick: Annotated[bool, typer.Option("--random", help="A random unpassed question.")] = False,
    weakest: Annotated[bool, typer.Option(help="The attempted question with the lowest best score.")] = False,
) -> None:
    """Hand out the next unpassed question: copy its stub into the workspace and print its spec."""
    cat = catalog()
    pool = [q for q in (cat.in_section(section) if section else cat.questions) if q.available]
    workspace, created = find_or_create_workspace()
    if created:
        console.print(f"Created a workspace in {render.relative(workspace.root)} (progress in .prep/)", markup=False)
    with open_store(workspace) as store:
        stats = store.stats()
        unpassed = [q for q in pool if not (q.number in stats and stats[q.number].passed)]
        if not pool:
            console.print("No question here has landed yet: they are coming soon (`prep list`).")
            return
        if not unpassed:
            console.print("Every available question here is passed; more are coming (`prep list`).")
            return
        chosen = unpassed[0]
        if random_pick:
            chosen = random.choice(unpassed)
        elif weakest:
            tried = [q for q in unpassed if q.number in stats and stats[q.number].best_score is not None]
            if tried:
                chosen = min(tried, key=lambda q: stats[q.number].best_score)
        _hand_out(workspace, store, chosen)


@usage_errors
def show(number: QuestionArg) -> None:
    """Show a question's spec (English and original Chinese title) without starting it."""
    q = catalog().get(number)
    if not q.available:
        render.question_header(q)
        console.print("\ncoming soon: this question's files have not landed yet")
        return
    render.question_spec(q)


@usage_errors
def start(
    number: QuestionArg,
    reset: Annotated[bool, typer.Option(help="Replace your attempt with a fresh stub (asks first).")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before replacing.")] = False,
    notebook: Annotated[
        bool, typer.Option("--notebook", help="Also write a Jupyter notebook: the spec and a `%%prep N` cell.")
    ] = False,
) -> None:
    """Copy a question's stub into the workspace and make it the current question (--notebook: a notebook too)."""
    q = question(number)
    workspace, created = find_or_create_workspace()
    if created:
        console.print(f"Created a workspace in {render.relative(workspace.root)}", markup=False)
    target = workspace.attempt_path(q)
    if reset and target.exists() and not yes:
        if not is_interactive():
            fail(f"{render.relative(target)} exists: add --yes to replace it with a fresh stub")
        if not typer.confirm(f"Replace {render.relative(target)} with a fresh stub?"):
            raise typer.Exit(1)
    if reset and target.exists():
        target.replace(target.with_suffix(".py.bak"))
        console.print(f"Your previous attempt is in {render.relative(target.with_suffix('.py.bak'))}", markup=False)
    with open_store(workspace) as store:
        _hand_out(workspace, store, q)
    if notebook:
        _write_notebook(q, target, reset)


def _write_notebook(q: Question, attempt: Path, reset: bool) -> None:
    """`prep start N --notebook`: the notebook next to the attempt, kept if there is one (unless --reset)."""
    from grader import notebook  # no IPython needed to write one: plain JSON

    path = notebook.notebook_path(attempt)
    if reset and path.exists():
        path.replace(path.with_suffix(".ipynb.bak"))
        console.print(f"Your previous notebook is in {render.relative(path.with_suffix('.ipynb.bak'))}", markup=False)
    kept = path.exists()
    if not kept:
        notebook.write_notebook(q, path)
    console.print(Text(f"Notebook: {render.relative(path)}" + ("   (your notebook is kept)" if kept else ""),
                       style="bold"))  # fmt: skip
    console.print(f"Open it in Jupyter and run its `%%prep {q.number}` cell to grade the cell.", markup=False)
    if missing := notebook.missing_notebook_packages():
        render.warn(f"the notebook needs {' and '.join(missing)}: {notebook.INSTALL_HINT}")


def _running_mock(store: Store | None, q: Question) -> MockSession | None:
    """The open mock interview, if `q` is one of its questions."""
    session = store.open_mock() if store is not None else None
    return session if session is not None and q.number in session.questions else None


@usage_errors
def hint(number: OptionalQuestionArg = None) -> None:
    """Show the next hint for a question (hints used are recorded, in a mock interview's report too); without a
    number after `prep debug`, for the find-the-bug exercise: the failing check, then the function."""
    workspace = find_workspace()
    if number is None and (exercise := debug.target(None, None, workspace)):
        debug.show_hint(workspace, exercise)
        return
    q = question_or_current(number, workspace, "hint")
    with open_store(workspace) as store:
        used = store.hints_used(q.number)
        level = min(used + 1, len(q.hints))
        if used < len(q.hints):
            store.record_hint(q.number, level)
        if session := _running_mock(store, q):
            store.record_mock_event(session.id, q.number, "hint", level, datetime.now(timezone.utc))
        for i, text in enumerate(q.hints[:level], start=1):
            console.print(Text(f"Hint {i}/{len(q.hints)}: ", style="bold") + Text(text))
        if used >= len(q.hints):
            console.print("That was the last hint.")


@usage_errors
def solution(
    number: OptionalQuestionArg = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Reveal before passing (recorded as revealed).")] = False,
) -> None:
    """Show the reference solution: after a pass, or with explicit confirmation (recorded); during a mock
    interview, its questions' solutions always ask first and go into the session's report."""
    workspace = workspace_or_none()
    q = question_or_current(number, workspace, "solution")
    store = Store(workspace.db_path) if workspace else None
    try:
        stats = store.stats().get(q.number) if store else None
        passed = bool(stats and stats.passed)
        session = _running_mock(store, q)
        if session is not None:
            why = f"question {q.number} is part of your running mock interview (#{session.id})"
        else:
            why = f"question {q.number} is not passed yet"
        if (session is not None or not passed) and not yes:
            if not is_interactive():
                fail(f"{why}: add --yes to reveal its solution (recorded)")
            if not typer.confirm(f"{why[0].upper()}{why[1:]}. Reveal the solution? (recorded)"):
                raise typer.Exit(1)
        if store is not None and not passed:
            store.record_reveal(q.number)
        if session is not None:
            store.record_mock_event(session.id, q.number, "solution", 0, datetime.now(timezone.utc))
    finally:
        if store is not None:
            store.close()
    from rich.syntax import Syntax  # pygments: only when a solution is shown

    console.print(Syntax(q.solution_path.read_text(encoding="utf-8"), "python", theme="ansi_dark", word_wrap=True))
