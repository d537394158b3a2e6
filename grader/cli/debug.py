"""`prep debug [N]`: a find-the-bug exercise; how `prep grade`, `prep hint` and `prep list --debug` treat them.

The exercise handed out last is the current one: `prep grade` and `prep hint` without a number act on it until
`prep next` or `prep start` makes a question current again. Its grades and hints are kept apart from the
question's own progress (solving it does not pass the question).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from grader.catalog import Question
from grader.cli import render
from grader.cli.context import (
    UsageError,
    catalog,
    console,
    missing_requirements,
    open_store,
    question,
    usage_errors,
    workspace_or_none,
)
from grader.debug import HEADER, HINT_LEVELS, Bug, bugs, hint
from grader.result import GradeResult
from grader.store import DebugExercise
from grader.workspace import Workspace, find_or_create_workspace


def register(app: typer.Typer) -> None:
    app.command("debug")(debug)


@usage_errors
def debug(
    number: Annotated[
        str | None, typer.Argument(help="Question number or slug (default: every question, in order).")
    ] = None,
    random_pick: Annotated[bool, typer.Option("--random", help="A random unsolved exercise.")] = False,
) -> None:
    """Hand out a find-the-bug exercise: a realistic wrong implementation of a question, with one bug to fix."""
    questions = [question(number)] if number is not None else [q for q in catalog().questions if q.available]
    pool = [bug for q in questions for bug in bugs(q)]
    if not pool:
        what = f"question {questions[0].number} has" if number is not None else "the questions that landed have"
        console.print(f"No find-the-bug exercise yet: {what} no wrong implementation to hand out.", markup=False)
        return
    workspace, created = find_or_create_workspace()
    if created:
        console.print(f"Created a workspace in {render.relative(workspace.root)} (progress in .prep/)", markup=False)
    with open_store(workspace) as store:
        solved = {(e.question, e.source) for e in store.debug_exercises() if e.solved}
        unsolved = [bug for bug in pool if (bug.question.number, bug.name) not in solved]
        if not unsolved:
            where = f"of question {questions[0].number} " if number is not None else ""
            console.print(f"Every find-the-bug exercise {where}is solved ({len(pool)}).", markup=False)
            return
        bug = random.choice(unsolved) if random_pick else unsolved[0]
        exercise = store.start_debug(bug.question.number, bug.name, lambda n: workspace.debug_relpath(bug.question, n))
    target = workspace.root / exercise.file
    wrote = not target.exists()
    if wrote:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(bug.exercise(), encoding="utf-8")
    q = bug.question
    left = len(unsolved) - 1
    console.print(Text(f"Find the bug · question {q.number} · {q.title}", style="bold")
                  + Text(f"   {q.difficulty} · {left} more unsolved here", style="dim"))  # fmt: skip
    console.print(HEADER)
    console.print(Text(f"Edit:  {render.relative(target)}" + ("" if wrote else "   (your work is kept)"), style="bold"))
    console.print(f"Grade: prep grade     Hint: prep hint     Spec: prep show {q.number}", markup=False)
    if missing := missing_requirements(q):
        render.warn(missing)


# --- grading and hints ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    """The find-the-bug exercise a command acts on, its question and the learner's copy."""

    exercise: DebugExercise
    question: Question
    path: Path

    @property
    def bug(self) -> Bug:
        found = next((b for b in bugs(self.question) if b.name == self.exercise.source), None)
        if found is None:
            raise UsageError(f"the source of {self.exercise.file} is no longer shipped: `prep debug` gives another")
        return found


def target(number: str | None, file: Path | None, workspace: Workspace | None) -> Target | None:
    """What `prep grade [N] [--file F]` is about when it is an exercise: the file given, if it is one's copy;
    with neither a number nor a file, the current exercise."""
    if workspace is None or not workspace.db_path.exists() or (file is None and number is not None):
        return None
    relative = workspace.relative(file) if file is not None else None
    if file is not None and relative is None:
        return None
    with open_store(workspace) as store:
        if relative is not None:
            exercise = store.debug_exercise_at(relative)
        else:
            current = store.current_debug()
            exercise = store.debug_exercise(current) if current is not None else None
    if exercise is None:
        return None
    q = question(exercise.question)
    if number is not None and catalog().get(number).number != q.number:
        raise UsageError(f"{file} is a find-the-bug exercise of question {q.number}, not of question {number}")
    path = workspace.root / exercise.file
    if not path.exists():
        raise UsageError(f"no exercise at {render.relative(path)}: run `prep debug {q.number}` to hand it out again")
    return Target(exercise, q, path)


def in_debug_folder(path: Path, workspace: Workspace | None) -> bool:
    """A file in the workspace's debug/ folder: never recorded as the question's own attempt."""
    relative = workspace.relative(path) if workspace is not None else None
    return relative is not None and Path(relative).parts[:1] == (workspace.debug_dir.name,)


def record(workspace: Workspace, found: Target, result: GradeResult) -> str:
    """Record a grade of the exercise; the line to show when it solves the exercise for the first time."""
    with open_store(workspace) as store:
        store.record_debug_grade(found.exercise.id, result)
    if not result.passed or found.exercise.solved:
        return ""
    return f"Solved. The bug: {found.bug.description} `prep debug` hands out the next one."


def show_hint(workspace: Workspace, found: Target) -> None:
    """The exercise's next hint: the failing checks, then the function where the bug is (recorded)."""
    with open_store(workspace) as store:
        used = found.exercise.hints_used
        level = min(used + 1, HINT_LEVELS)
        if used < HINT_LEVELS:
            store.record_debug_hint(found.exercise.id, level)
    for i in range(1, level + 1):
        console.print(Text(f"Hint {i}/{HINT_LEVELS}: ", style="bold") + Text(hint(found.bug, i)))
    if used >= HINT_LEVELS:
        console.print(f"That was the last hint. The question's own: prep hint {found.question.number}", markup=False)


def current_target(workspace: Workspace) -> Target | None:
    """The current exercise, for `prep hint` without a number."""
    return target(None, None, workspace)


# --- prep list --debug --------------------------------------------------------------------------------
def list_rows(section: str | None) -> list[dict]:
    """Per question with exercises: how many there are, solved and started, and each exercise handed out."""
    cat = catalog()
    workspace = workspace_or_none()
    handed: list[DebugExercise] = []
    if workspace is not None and workspace.db_path.exists():
        with open_store(workspace) as store:
            handed = store.debug_exercises()
    rows = []
    for q in cat.in_section(section) if section else cat.questions:
        available = bugs(q)
        if not available:
            continue
        mine = [e for e in handed if e.question == q.number]
        rows.append({
            "number": q.number, "slug": q.slug, "title": q.title, "section": q.section, "exercises": len(available),
            "solved": sum(e.solved for e in mine), "started": sum(not e.solved for e in mine),
            "handed_out": [_exercise_row(e) for e in mine],
        })  # fmt: skip
    return rows


def _exercise_row(e: DebugExercise) -> dict:
    return {"id": e.id, "file": e.file, "status": "solved" if e.solved else "started", "best_score": e.best_score,
            "attempts": e.attempts, "hints_used": e.hints_used, "handed_out_at": e.handed_out_at}  # fmt: skip
