"""Rich rendering of questions, grades, progress and mock interviews; readable without colour (NO_COLOR, pipes)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from grader.catalog import Question
from grader.cli.context import console, err_console
from grader.result import KINDS, CheckResult, GradeResult

if TYPE_CHECKING:
    from grader.batch import Graded

NOT_IMPLEMENTED = re.compile(r"not implemented yet: (\w+)\(\) raises NotImplementedError")
NOT_RUN = "not run: "
NAME_WIDTH = 48
MARKS = {"pass": ("pass", "green"), "fail": ("FAIL", "bold red"), "skip": ("skip", "yellow")}
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


def points(n: float) -> str:
    return f"{n:g} point{'s' * (n != 1)}"


def _and(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def split_case(name: str) -> tuple[str, str]:
    """`keeps_dtype[float32]` -> (`keeps_dtype`, `float32`); a check without parameters has no case."""
    base, bracket, case = name.partition("[")
    return (base, case.removesuffix("]")) if bracket else (name, "")


@dataclass
class CheckRow:
    """One row of the checks table: a check with all its parametrised cases."""

    name: str
    kind: str
    cases: list[CheckResult]

    @property
    def parametrised(self) -> bool:
        return any(split_case(c.name)[1] for c in self.cases)

    @property
    def points(self) -> float:
        return sum(c.points for c in self.cases)

    @property
    def earned(self) -> float:
        return sum(c.points for c in self.cases if c.passed)

    @property
    def failed(self) -> list[CheckResult]:
        return [c for c in self.cases if not c.passed and not c.skipped]

    @property
    def skipped(self) -> bool:
        return all(c.skipped for c in self.cases)


def check_rows(checks: list[CheckResult]) -> list[CheckRow]:
    """Checks grouped by name (the cases of a parametrised check together), ordered by kind then first seen."""
    rows: dict[tuple[str, bool], CheckRow] = {}
    for check in checks:
        name = split_case(check.name)[0]
        rows.setdefault((name, check.skipped), CheckRow(name, check.kind, [])).cases.append(check)
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(rows.values(), key=lambda r: order.get(r.kind, len(KINDS)))


def not_implemented(check: CheckResult) -> str | None:
    """The function whose NotImplementedError kept this check from running, if that is why it failed."""
    match = NOT_IMPLEMENTED.match(check.message)
    return match.group(1) if match and not check.passed else None


@dataclass
class Summary:
    """What a grade amounts to, in the terms the learner thinks in."""

    earned: float
    total: float  # the points of the checks that ran
    untested: float  # the points of the checks skipped on this machine
    skip_reasons: list[str]
    missing: dict[str, float]  # function still raising NotImplementedError -> points of the checks it stopped

    @property
    def untouched(self) -> bool:
        """Nothing implemented: every check that ran stopped at a NotImplementedError."""
        return bool(self.missing) and sum(self.missing.values()) == self.total

    def missing_line(self) -> str:
        functions = _and(list(self.missing))
        if self.untouched:
            raises = "raises" if len(self.missing) == 1 else "raise"
            score = f"{self.earned:g}/{self.total:g} points"
            return f"nothing implemented yet: {functions} {raises} NotImplementedError ({score})"
        verb = "is" if len(self.missing) == 1 else "are"
        return f"{functions} {verb} not implemented yet: {points(sum(self.missing.values()))} not tested"

    def untested_line(self) -> str:
        return f"{points(self.untested)} not tested here ({', '.join(self.skip_reasons)})" if self.untested else ""


def summarize(result: GradeResult) -> Summary:
    missing: dict[str, float] = {}
    for check in result.checks:
        if function := not_implemented(check):
            missing[function] = missing.get(function, 0.0) + check.points
    return Summary(
        earned=sum(c.points for c in result.checks if c.passed), total=sum(c.points for c in result.checks),
        untested=result.untested_points, skip_reasons=list(dict.fromkeys(skip_reason(c) for c in result.skipped)),
        missing=missing,
    )  # fmt: skip


def skip_reason(check: CheckResult) -> str:
    return check.message or "not run on this machine"


def outcome_line(result: GradeResult) -> str:
    """One line for a report: 'passed', the stub line, or the failing checks by name."""
    summary = summarize(result)
    if result.passed:
        return "passed"
    if summary.untouched:
        return summary.missing_line()
    if result.verdict == "error" and all_share_the_reason(result):
        return f"error: {result.reason}"
    failed = [r for r in check_rows(ran(result)) if r.failed]
    parts = [summary.missing_line()] if summary.missing else []
    if failed:
        parts.append("failed: " + ", ".join(_row_label(r) for r in failed))
    if result.verdict not in ("passed", "failed"):
        parts.append(f"{result.verdict}: {result.reason}")
    return "; ".join(parts)


def ran(result: GradeResult) -> list[CheckResult]:
    """The checks that ran and were not stopped by a NotImplementedError."""
    return [c for c in result.checks if not not_implemented(c) and not c.message.startswith(NOT_RUN)]


def _row_label(row: CheckRow) -> str:
    return f"{row.name} ({len(row.failed)} of {len(row.cases)} cases)" if row.parametrised else row.name


def all_share_the_reason(result: GradeResult) -> bool:
    return all(c.message == result.reason for c in result.checks)


def shown_paths(result: GradeResult, text: str) -> str:
    """The attempt's absolute path written relative to the current folder, wherever a message names it."""
    return text.replace(result.file, relative(Path(result.file))) if result.file else text


def _mark(mark: str) -> Text:
    text, style = MARKS[mark]
    return Text(f"{text:<4}", style=style)


def _case_line(result: GradeResult, case: CheckResult, row: CheckRow, verbose: bool) -> Text:
    """Under a row: `[float16]: expected ..., got ...`; with --verbose every case, marked."""
    label = f"[{split_case(case.name)[1]}]" if row.parametrised else ""
    message = "" if case.passed else _first_line(shown_paths(result, case.message))
    line = Text(" " * 10)
    if verbose and row.parametrised:
        line += _mark("pass" if case.passed else "fail") + Text(" ")
    return line + Text(f"{label}: {message}" if label and message else label or message)


def _row_note(row: CheckRow) -> str:
    if row.skipped:
        return f"skipped ({skip_reason(row.cases[0])})"
    if not row.parametrised:
        return ""
    cases = len(row.cases)
    return f"· {len(row.failed)} of {cases} cases failed" if row.failed else f"· {cases} cases"


def table_lines(result: GradeResult, verbose: bool = False) -> list[Text]:
    """One line per check (a parametrised check's cases counted together) with its failing cases under it,
    skipped checks saying why; checks stopped by a NotImplementedError or never run are summed up apart."""
    rows = check_rows([*ran(result), *result.skipped])
    width = min(max((len(r.name) for r in rows), default=0), NAME_WIDTH)
    scored = {id(r): "" if r.skipped else f"{r.earned:g}/{r.points:g}" for r in rows}
    scored_width = max(map(len, scored.values()), default=0)
    lines, kind = [], None
    for row in rows:
        if row.kind != kind:
            kind = row.kind
            lines.append(Text(f"        {kind}", style="bold dim"))
        mark = "skip" if row.skipped else "fail" if row.failed else "pass"
        line = Text("  ") + _mark(mark) + Text(f"  {row.name:<{width}}  {scored[id(row)]:>{scored_width}}")
        if note := _row_note(row):
            line.append(f" {note}", style="yellow" if row.skipped else "")
        lines.append(line)
        shown = [] if row.skipped else row.cases if verbose and row.parametrised else row.failed
        lines += [_case_line(result, case, row, verbose) for case in shown]
    not_run = [c for c in result.checks if c.message.startswith(NOT_RUN)]
    if not_run:
        why = _and(list(dict.fromkeys(c.message.removeprefix(NOT_RUN) for c in not_run)))
        count = f"{len(not_run)} check{'s' * (len(not_run) > 1)}"
        lines.append(Text(f"{count} not run ({points(sum(c.points for c in not_run))}): {why}", style="bold red"))
    return lines


def grade_result(
    result: GradeResult, show_output: bool = False, verbose: bool = False, out: Console | None = None
) -> None:
    """The checks table, the first failure in full and the score, printed on `out` (default: stdout)."""
    out = out or console
    out.print(Text(f"Question {result.question} · {result.slug} · {relative(Path(result.file))}", style="bold"))
    summary = summarize(result)
    if summary.untouched:  # an untouched stub: one line, not a row per check
        out.print(Text(summary.missing_line(), style="bold red"))
    elif not (result.verdict == "error" and all_share_the_reason(result)):  # else the reason says it all
        for line in table_lines(result, verbose):
            out.print(line, soft_wrap=False, no_wrap=True, overflow="ellipsis")
        if summary.missing:
            out.print(Text(summary.missing_line(), style="bold red"))
        _first_failure(result, out)
    out.print()
    style = "bold green" if result.passed else "bold red"
    line = Text(f"Score {result.score:.0%}", style=style)
    line.append(f"  ({summary.earned:g}/{summary.total:g} points) · {result.verdict} · {result.duration_s:.1f} s")
    if summary.untested:
        line.append(f" · {summary.untested_line()}", style="yellow")
    out.print(line)
    if result.reason and result.verdict not in ("passed", "failed"):
        out.print(Text(f"{result.verdict}: {shown_paths(result, result.reason)}", style="bold red"))
    for note in result.notes:
        out.print(Text(f"note: {note}", style="yellow"))
    if show_output and result.output.strip():
        out.print(Text("--- output of your code ---", style="dim"))
        out.print(Text(result.output))
    elif result.output.strip():
        out.print(Text("(your code printed output: see it with --output)", style="dim"))


def _first_failure(result: GradeResult, out: Console) -> None:
    """The first real failure in full, where the line under its row does not say it all (a location, more lines,
    or a line cut short: the expected and actual values and the likely cause come last)."""
    first = next((c for c in ran(result) if not c.passed), None)
    if first is None:
        return
    message = shown_paths(result, first.message).strip()
    if first.location is None and "\n" not in message and _first_line(message) == message:
        return
    out.print()
    out.print(Text(f"First failing check: {first.name} ({first.kind})", style="bold"))
    out.print(Text(f"  {shown_paths(result, first.message)}"))
    if first.location is not None:
        loc = first.location
        out.print(Text(f"  at {relative(Path(loc.file))}:{loc.line} in {loc.function}", style="cyan"))
        if loc.code:
            out.print(Text(f"      {loc.code}"))


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


def debug_table(rows: list[dict]) -> None:
    """`prep list --debug`: per question its exercises solved and started, and each exercise handed out."""
    table = Table(show_edge=False, pad_edge=False, box=None)
    for column, justify in (("#", "right"), ("question", "left"), ("solved", "right"), ("started", "right"),
                            ("best", "right")):  # fmt: skip
        table.add_column(column, justify=justify, no_wrap=True)
    for row in rows:
        solved = f"{row['solved']}/{row['exercises']}"
        table.add_row(str(row["number"]), Text(row["title"]), solved, str(row["started"] or ""), "")
        for e in row["handed_out"]:
            status = Text(e["status"], style=STATUS_STYLE["passed" if e["status"] == "solved" else "started"])
            best = "" if e["best_score"] is None else f"{e['best_score']:.0%}"
            table.add_row("", Text(f"  {e['file']}  ", style="dim") + status, "", "", best)
    console.print(table)
    total, solved = sum(r["exercises"] for r in rows), sum(r["solved"] for r in rows)
    console.print(f"{solved} of {total} find-the-bug exercises solved; `prep debug` hands out the next.", markup=False)


def batch_cells(row: Graded) -> tuple[str, str, str, str, str]:
    """A batch row as text: file, score, verdict, failed checks (or why not), time."""
    r = row.result
    if r is None:
        return row.file, "-", "not graded", row.error, "-"
    failed = "" if r.passed else outcome_line(r).removeprefix("failed: ").removeprefix(f"{r.verdict}: ")
    return row.file, f"{r.score:.0%}", r.verdict, shown_paths(r, failed), f"{r.duration_s:.1f} s"


def batch_table(question: Question, rows: list[Graded]) -> None:
    """The batch summary: one row per file, best score first."""
    graded = [row.result for row in rows if row.result is not None]
    head = Text(f"Question {question.number} · {question.title}", style="bold")
    head.append(f" · {len(rows)} file{'s' * (len(rows) != 1)} · {sum(r.passed for r in graded)} passed", style="dim")
    console.print(head)
    table = Table(show_edge=False, pad_edge=False, box=None)
    for column, justify in (("file", "left"), ("score", "right"), ("verdict", "left"), ("failed checks", "left"),
                            ("time", "right")):  # fmt: skip
        table.add_column(column, justify=justify, no_wrap=column != "failed checks", overflow="fold")
    for row in rows:
        file, score, verdict, failed, seconds = batch_cells(row)
        passed = row.result is not None and row.result.passed and row.result.score == 1.0
        table.add_row(Text(file), Text(score, style="bold green" if passed else "bold red"), verdict, Text(failed),
                      seconds)  # fmt: skip
    console.print(table)


def warn(message: str) -> None:
    err_console.print(Text(f"warning: {message}", style="yellow"))


def relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --- mock interviews ----------------------------------------------------------------------------------
def clock(seconds: float) -> str:
    """12:05 (minutes:seconds), 1:02:05 past an hour."""
    seconds = max(int(seconds), 0)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def local_time(iso: str) -> str:
    moment = datetime.fromisoformat(iso).astimezone()
    return moment.strftime("%H:%M" if moment.date() == date.today() else "%Y-%m-%d %H:%M")


def _score(score: float | None) -> str:
    return "-" if score is None else f"{score:.0%}"


def _in_workspace(root: Path, path: str) -> str:
    return relative(root / path)


def _extras(entry: dict) -> str:
    parts = []
    if entry.get("hints"):
        parts.append(f"{entry['hints']} hint{'s' * (entry['hints'] > 1)}")
    if entry.get("solution_revealed"):
        parts.append("solution shown")
    return " · ".join(parts)


def mock_plan(plan: dict, root: Path, resumed: bool = False) -> None:
    n = len(plan["questions"])
    head = "Resuming mock interview" if resumed else "Mock interview"
    console.print(Text(f"{head} #{plan['session']} · {n} question{'s' * (n > 1)} · {plan['minutes']} min", style="bold")
                  + Text(f" · deadline {local_time(plan['deadline'])} · seed {plan['seed']}", style="dim"))  # fmt: skip
    width = max(len(q["title"]) for q in plan["questions"])
    levels = {q["number"]: f"{q['difficulty']} · {q['minutes']} min" for q in plan["questions"]}
    level_width = max(map(len, levels.values()))
    for q in plan["questions"]:
        console.print(Text(f"  {q['number']:>3}  {q['title']:<{width}}  ")
                      + Text(f"{levels[q['number']]:<{level_width}}  ", style="dim")
                      + Text(_in_workspace(root, q["file"]), style="bold"))  # fmt: skip
    console.print("Edit the files above. `prep mock status` grades what you changed and shows the time left;",
                  "`prep mock watch` re-grades on every save; `prep mock submit` hands in.", markup=False)  # fmt: skip


def mock_view(data: dict, root: Path) -> Group:
    """The countdown and each question's state: `prep mock status`, and each redraw of `prep mock watch`."""
    if data["past_deadline"]:
        head = Text(f"Mock interview #{data['session']} · time is up", style="bold red")
    else:
        head = Text(f"Mock interview #{data['session']} · {clock(data['seconds_left'])} left", style="bold")
    lines = [head + Text(f" · deadline {local_time(data['deadline'])}", style="dim")]
    width = max(len(q["title"]) for q in data["questions"])
    for q in data["questions"]:
        if not q["exists"]:
            state, style = "file missing", "bold red"
        elif q["best_score"] is not None:
            state = f"best {_score(q['best_score'])}" + (" · edited since" if q["changed"] else "")
            style = "green" if q["best_score"] == 1.0 else ""
        else:
            state, style = ("untouched", "dim") if q["untouched"] else ("not graded yet", "yellow")
        line = Text(f"  {q['number']:>3}  {q['title']:<{width}}  ") + Text(f"{state:<22}", style=style)
        line.append(f"  {_in_workspace(root, q['file'])}", style="dim")
        if extras := _extras(q):
            line.append(f"  {extras}", style="yellow")
        lines.append(line)
        if q.get("outcome") and q["outcome"] != "passed":
            lines.append(Text(f"         {_first_line(q['outcome'])}"))
    if data["past_deadline"]:
        lines.append(Text("`prep mock submit` grades your files as they were at the deadline; later edits are "
                          "graded too, marked late."))  # fmt: skip
    return Group(*lines)


def mock_report(report: dict, root: Path) -> None:
    totals, n = report["totals"], len(report["questions"])
    used = clock(totals["time_used_s"])
    console.print(Text(f"Mock interview #{report['session']} · {n} question{'s' * (n > 1)}", style="bold")
                  + Text(f" · {used} of {report['minutes']} min used · submitted {local_time(report['submitted_at'])}",
                         style="dim"))  # fmt: skip
    width = max(len(q["title"]) for q in report["questions"])
    for q in report["questions"]:
        style = "bold green" if q["verdict"] == "passed" and q["score"] == 1.0 else "bold red"
        line = Text(f"  {q['number']:>3}  {q['title']:<{width}}  ") + Text(f"{_score(q['score']):>4}", style=style)
        line.append(f"  {q['verdict']:<7}")
        first = "-" if q["first_pass_s"] is None else f"{clock(q['first_pass_s'])} in"
        line.append(f"  first pass {first}", style="dim")
        if extras := _extras(q):
            line.append(f"  {extras}", style="yellow")
        console.print(line)
        if q["outcome"] != "passed":
            console.print(Text(f"         {_first_line(q['outcome'], 110)}"), no_wrap=True, overflow="ellipsis")
        if q["late"]:
            saved = local_time(q["on_time_saved_at"]) if q.get("on_time_saved_at") else "the deadline"
            console.print(
                Text(
                    f"         late: {_score(q['late_score'])} {q['late_verdict']} with the edits made "
                    f"after the deadline (on time: the version saved at {saved})",
                    style="yellow",
                )
            )
        if q.get("earlier_best") is not None:
            console.print(Text(f"         earlier best on this question: {_score(q['earlier_best'])}", style="dim"))
    overall = Text(f"Overall {_score(totals['score'])}", style="bold")
    overall.append(
        f" · {totals['passed']} of {n} passed · {totals['hints']} hint{'s' * (totals['hints'] != 1)}"
        f" · {totals['solutions_revealed']} solution{'s' * (totals['solutions_revealed'] != 1)} shown"
    )
    if totals["late"]:
        overall.append(f" · with late work {_score(totals['late_score'])}", style="yellow")
    console.print(overall)
    compared = report["compared"]
    if compared["sessions"]:
        change = compared["change_from_last"] * 100
        console.print(Text(
            f"Earlier sessions: {compared['sessions']} · best {_score(compared['best']['score'])} "
            f"(#{compared['best']['session']}) · last {_score(compared['last']['score'])} "
            f"(#{compared['last']['session']}) · {change:+.0f} points on the last"))  # fmt: skip
    else:
        console.print(Text("Your first submitted mock interview.", style="dim"))
    console.print(Text(f"Graded copies: {_in_workspace(root, report['folder'])}/submitted/", style="dim"))


def mock_history(rows: list[dict]) -> None:
    if not rows:
        console.print("No mock interview yet: `prep mock start`.")
        return
    table = Table(show_edge=False, pad_edge=False, box=None)
    for column, justify in (("#", "right"), ("started", "left"), ("min", "right"), ("questions", "left"),
                            ("state", "left"), ("score", "right")):  # fmt: skip
        table.add_column(column, justify=justify, no_wrap=True)
    for row in rows:
        score = _score(row["score"])
        if row["late_score"] != row["score"]:
            score += f" ({_score(row['late_score'])} with late work)"
        questions = ", ".join(map(str, row["questions"]))
        table.add_row(str(row["session"]), local_time(row["started_at"]), str(row["minutes"]), questions,
                      row["state"], score)  # fmt: skip
    console.print(table)
