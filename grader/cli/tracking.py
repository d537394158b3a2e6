"""Progress: list, progress, reset."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from grader.cli import render
from grader.cli.context import (
    catalog,
    console,
    fail,
    is_interactive,
    open_store,
    question,
    usage_errors,
    workspace_or_none,
)
from grader.store import QuestionStats
from grader.workspace import find_workspace


def register(app: typer.Typer) -> None:
    app.command("list")(list_questions)
    app.command("progress")(progress)
    app.command("reset")(reset)


def _stats() -> tuple[dict[int, QuestionStats], int]:
    workspace = workspace_or_none()
    if workspace is None or not workspace.db_path.exists():
        return {}, 0
    with open_store(workspace) as store:
        return store.stats(), store.streak()


def _status(available: bool, stats: QuestionStats | None) -> str:
    """coming soon, passed, revealed (its solution shown before a pass), started or new."""
    if not available:
        return "coming soon"
    if stats is None:
        return "new"
    if stats.passed:
        return "passed"
    if stats.revealed:
        return "revealed"
    return "started" if stats.attempts or stats.started_at else "new"


@usage_errors
def list_questions(
    section: Annotated[str | None, typer.Option(help="Only this section, e.g. 02_data.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    debug_exercises: Annotated[
        bool, typer.Option("--debug", help="The find-the-bug exercises instead: solved and started, per question.")
    ] = False,
) -> None:
    """Every question with its status and best score (--debug: the find-the-bug exercises)."""
    if debug_exercises:
        from grader.cli.debug import list_rows

        found = list_rows(section)
        if as_json:
            typer.echo(json.dumps(found, ensure_ascii=False))
        else:
            render.debug_table(found)
        return
    cat = catalog()
    stats, _ = _stats()
    rows = []
    for q in cat.in_section(section) if section else cat.questions:
        s = stats.get(q.number)
        rows.append({
            "number": q.number, "slug": q.slug, "title": q.title, "title_zh": q.title_zh, "section": q.section,
            "difficulty": q.difficulty, "minutes": q.minutes, "tags": list(q.tags), "available": q.available,
            "status": _status(q.available, s), "best_score": s.best_score if s else None,
            "attempts": s.attempts if s else 0,
        })  # fmt: skip
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
    else:
        render.list_table(rows, {s.id: s.title for s in cat.sections})


@usage_errors
def progress(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Progress per section: passed, attempts, time spent, hints used, and your streak."""
    cat = catalog()
    stats, streak = _stats()
    sections = []
    for sec in cat.sections:
        qs = cat.in_section(sec.id)
        mine = [stats[q.number] for q in qs if q.number in stats]
        sections.append({
            "section": sec.id, "title": sec.title, "questions": len(qs),
            "available": sum(q.available for q in qs), "passed": sum(s.passed for s in mine),
            "attempts": sum(s.attempts for s in mine), "hints_used": sum(s.hints_used for s in mine),
            "revealed": sum(s.revealed for s in mine), "time_spent_s": round(sum(s.time_spent_s for s in mine), 1),
        })  # fmt: skip
    totals = {key: sum(s[key] for s in sections) for key in sections[0] if key not in ("section", "title")}
    if as_json:
        typer.echo(json.dumps({"sections": sections, "total": totals, "streak_days": streak}))
        return
    table = Table(show_edge=False, pad_edge=False)
    for column in ("section", "passed", "attempts", "time", "hints", "revealed"):
        table.add_column(column, justify="left" if column == "section" else "right", no_wrap=True)
    for row in [*sections, {**totals, "section": "total", "title": "total"}]:
        if row["section"] == "total":
            table.add_section()
        table.add_row(
            row["title"] or row["section"], f"{row['passed']}/{row['available']}", str(row["attempts"]),
            _minutes(row["time_spent_s"]), str(row["hints_used"]), str(row["revealed"]),
        )  # fmt: skip
    console.print(table)
    console.print(Text(f"Streak: {streak} day{'s' if streak != 1 else ''}", style="bold"))


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds else "-"


@usage_errors
def reset(
    number: Annotated[str, typer.Argument(help="Question number or slug.", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Forget a question's progress (attempts, hints, reveals); your attempt file is kept."""
    q = question(number)
    workspace = find_workspace()
    if not yes:
        if not is_interactive():
            fail(f"this deletes the progress of question {q.number}: add --yes to confirm")
        if not typer.confirm(f"Forget all progress on question {q.number}?"):
            raise typer.Exit(1)
    with open_store(workspace) as store:
        store.reset(q.number)
    console.print(
        f"Progress on question {q.number} forgotten; {render.relative(workspace.attempt_path(q))} is kept.",
        markup=False,
    )
