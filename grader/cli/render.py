"""Rich rendering of questions, grades and progress; readable without colour (NO_COLOR, pipes)."""

from __future__ import annotations

import ast
from pathlib import Path

from rich.table import Table
from rich.text import Text

from grader.catalog import Question
from grader.cli.context import console, err_console
from grader.result import KINDS, GradeResult

STATUS_STYLE = {"passed": "green", "started": "yellow", "revealed": "magenta", "new": "", "coming soon": "dim"}


def spec_text(question: Question) -> str:
    """The stub's module docstring: the task, the example and what is checked."""
    source = question.exercise_path.read_text(encoding="utf-8")
    return ast.get_docstring(ast.parse(source)) or ""


def question_header(question: Question) -> None:
    title = Text(f"Question {question.number} · {question.title}", style="bold")
    title.append(f"   {question.difficulty} · {question.minutes} min · {question.section}", style="dim")
    console.print(title)
    console.print(Text(question.title_zh, style="dim"))


def question_spec(question: Question) -> None:
    question_header(question)
    console.print()
    console.print(Text(spec_text(question)))


def _first_line(message: str, width: int = 100) -> str:
    line = message.strip().splitlines()[0] if message.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


def grade_result(result: GradeResult, show_output: bool = False) -> None:
    console.print(Text(f"Question {result.question} · {result.slug} · {result.file}", style="bold"))
    table = Table(show_header=False, show_edge=False, pad_edge=False, box=None)
    for _ in range(3):
        table.add_column(no_wrap=True)
    by_kind = sorted(result.checks, key=lambda c: KINDS.index(c.kind) if c.kind in KINDS else len(KINDS))
    previous = None
    for check in by_kind:
        if check.kind != previous:
            table.add_row("", Text(check.kind, style="bold dim"), "")
            previous = check.kind
        mark = Text("  pass", style="green") if check.passed else Text("  FAIL", style="bold red")
        points = f"{check.points:g}/{check.points:g}" if check.passed else f"0/{check.points:g}"
        table.add_row(mark, Text(check.name), points)
    if result.checks:
        console.print(table)
    failures = [c for c in result.checks if not c.passed]
    if failures:
        first = failures[0]
        console.print()
        console.print(Text(f"First failing check: {first.name} ({first.kind})", style="bold"))
        console.print(Text(f"  {first.message}"))
        if first.location is not None:
            loc = first.location
            console.print(Text(f"  at {loc.file}:{loc.line} in {loc.function}", style="cyan"))
            if loc.code:
                console.print(Text(f"      {loc.code}"))
        if len(failures) > 1:
            console.print(Text("Other failing checks:", style="bold"))
            for check in failures[1:]:
                line = Text(f"  {check.name}: {_first_line(check.message)}")
                console.print(line, soft_wrap=False, no_wrap=True, overflow="ellipsis")
    console.print()
    earned = sum(c.points for c in result.checks if c.passed)
    total = sum(c.points for c in result.checks)
    style = "bold green" if result.passed else "bold red"
    line = Text(f"Score {result.score:.0%}", style=style)
    line.append(f"  ({earned:g}/{total:g} points) · {result.verdict} · {result.duration_s:.1f} s", style="")
    console.print(line)
    if result.reason and result.verdict not in ("passed", "failed"):
        console.print(Text(f"{result.verdict}: {result.reason}", style="bold red"))
    for note in result.notes:
        console.print(Text(f"note: {note}", style="yellow"))
    if show_output and result.output.strip():
        console.print(Text("--- output of your code ---", style="dim"))
        console.print(Text(result.output))
    elif result.output.strip():
        console.print(Text("(your code printed output: see it with --output)", style="dim"))


def list_table(rows: list[dict], sections: dict[str, str]) -> None:
    table = Table(show_edge=False, pad_edge=False, box=None)
    for column, justify in (("#", "right"), ("question", "left"), ("level", "left"), ("status", "left"),
                            ("best", "right")):  # fmt: skip
        table.add_column(column, justify=justify, no_wrap=True)
    previous = None
    for row in rows:
        if row["section"] != previous:
            previous = row["section"]
            table.add_row("", Text(f"{previous} · {sections[previous]}", style="bold dim"), "", "", "")
        best = "" if row["best_score"] is None else f"{row['best_score']:.0%}"
        status = Text(row["status"], style=STATUS_STYLE.get(row["status"], ""))
        table.add_row(str(row["number"]), Text(row["title"]), row["difficulty"], status, best)
    console.print(table)


def warn(message: str) -> None:
    err_console.print(Text(f"warning: {message}", style="yellow"))


def relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
