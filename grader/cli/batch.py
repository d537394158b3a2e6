"""`prep grade N --file a.py --file b.py ...` and `prep grade N --dir candidates/`: an interviewer's batch.

Every file is graded in parallel, each in its own child like a single grade; never recorded in the learner's
progress. Output: a table sorted by score (or `--json`, one line per file), and optionally a CSV file and a
Markdown report with each candidate's failed checks. Exit code 0 once every file got a result, 2 for bad input.
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
from pathlib import Path
from typing import NoReturn

import typer

from grader.batch import Graded, default_jobs, grade_many
from grader.catalog import Question, UnknownQuestion
from grader.cli import render
from grader.cli.context import (
    UsageError,
    catalog,
    console,
    err_console,
    missing_requirements,
    open_store,
    question,
    workspace_or_none,
)
from grader.cli.grading import _skip_reasons
from grader.result import GradeResult

REPORT_OUTPUT_CHARS = 2000  # of a candidate's captured output, in the Markdown report
REPORT_OUTPUT_LINES = 40
REPORT_CASES = 5  # failing cases shown per parametrised check in the report
CSV_COLUMNS = ("file", "question", "score", "verdict", "failed_checks", "reason", "duration_s")


def candidates(files: list[Path], folder: Path | None) -> list[Path]:
    """The files given, then the folder's .py files (recursively, hidden folders and caches left out), once each."""
    found = list(files)
    for path in files:
        if not path.is_file():
            raise UsageError(f"no such file: {path}" if not path.exists() else f"{path} is not a file")
    if folder is not None:
        if not folder.is_dir():
            raise UsageError(f"no such folder: {folder}")
        inside = sorted(p for p in folder.rglob("*.py") if not _hidden(p.relative_to(folder)))
        if not inside:
            raise UsageError(f"no .py files in {folder}")
        found += inside
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _hidden(relative: Path) -> bool:
    return any(part.startswith((".", "__pycache__")) for part in relative.parts)


def batch_question(number: str | None, files: list[Path]) -> Question:
    if number is not None:
        return question(number)
    try:
        numbers = {catalog().get(f.stem).number for f in files}
    except UnknownQuestion:
        raise UsageError("cannot tell the question from the file names: give its number, `prep grade 29 ...`") from None
    if len(numbers) > 1:
        raise UsageError(f"these files are for questions {', '.join(map(str, sorted(numbers)))}: grade one at a time")
    return question(numbers.pop())


def grade_batch(
    number: str | None,
    files: list[Path],
    folder: Path | None,
    jobs: int | None,
    timeout: float | None,
    as_json: bool,
    csv_path: Path | None,
    report_path: Path | None,
) -> NoReturn:
    paths = candidates(files, folder)
    q = batch_question(number, paths)
    if missing := missing_requirements(q):
        raise UsageError(missing)
    workers = jobs or default_jobs()
    rows = sorted(_grade_all(q, paths, workers, timeout), key=_rank)
    if as_json:
        for row in rows:
            typer.echo(json.dumps(_json_line(q, row), ensure_ascii=False))
    else:
        render.batch_table(q, rows)
    written = console if not as_json else err_console  # --json keeps stdout to the JSON lines
    if csv_path is not None:
        write_csv(csv_path, q, rows)
        written.print(f"CSV: {render.relative(csv_path)}", markup=False)
    if report_path is not None:
        report_path.write_text(report(q, rows), encoding="utf-8")
        written.print(f"Report: {render.relative(report_path)}", markup=False)
    raise typer.Exit(0 if all(row.result is not None for row in rows) else 1)


def _grade_all(q: Question, paths: list[Path], jobs: int, timeout: float | None) -> list[Graded]:
    """Grade with the workspace's progress data (if there is one here) kept out of the candidates' reach."""
    workspace = workspace_or_none()
    if workspace is None or not workspace.state_dir.is_dir():
        return _collect(q, paths, jobs, timeout, ())
    with open_store(workspace) as store:
        backup = store.backup()
        try:
            return _collect(q, paths, jobs, timeout, (workspace.state_dir,))
        finally:
            if not store.verify_or_restore(backup):
                render.warn("the progress database was damaged during grading and has been restored")
            backup.close()


def _collect(
    q: Question, paths: list[Path], jobs: int, timeout: float | None, protect: tuple[Path, ...]
) -> list[Graded]:
    rows: list[Graded] = []
    status = console.status(f"grading {len(paths)} files, {min(jobs, len(paths))} at a time")
    with status if console.is_terminal else contextlib.nullcontext():
        for row in grade_many(q, paths, jobs, timeout, protect):
            if row.result is not None:
                _skip_reasons(row.result, q)
            rows.append(row)
            status.update(f"graded {len(rows)} of {len(paths)} files")
    return rows


def _rank(row: Graded) -> tuple[float, str]:
    """Best score first, files that could not be graded last; ties by file name."""
    return (-(row.result.score if row.result is not None else -1.0), row.file)


def _json_line(q: Question, row: Graded) -> dict:
    if row.result is None:
        return {"file": row.file, "question": q.number, "error": row.error}
    return {**row.result.to_dict(), "file": row.file}


def failed_checks(result: GradeResult) -> list[str]:
    """The names of the failed checks, a parametrised check once."""
    return [r.name for r in render.check_rows(result.checks) if r.failed]


def write_csv(path: Path, q: Question, rows: list[Graded]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(CSV_COLUMNS)
        for row in rows:
            r = row.result
            if r is None:
                out.writerow([row.file, q.number, "", "not graded", "", row.error, ""])
            else:
                out.writerow([row.file, q.number, f"{r.score:.4g}", r.verdict, "; ".join(failed_checks(r)),
                              render.shown_paths(r, r.reason), f"{r.duration_s:.2f}"])  # fmt: skip


# --- the Markdown report --------------------------------------------------------------------------------
def report(q: Question, rows: list[Graded]) -> str:
    graded = [row.result for row in rows if row.result is not None]
    passed = sum(r.passed for r in graded)
    lines = [
        f"# Question {q.number} · {q.title}",
        "",
        f"{len(rows)} file{'s' * (len(rows) != 1)} graded, {passed} passed. Scores are the grader's weighted "
        "fraction of checks passed; read the code too.",
        "",
        "| file | score | verdict | failed checks | time |",
        "| --- | ---: | --- | --- | ---: |",
    ]
    for row in rows:
        lines.append("| " + " | ".join(_cell(text) for text in render.batch_cells(row)) + " |")
    for row in rows:
        lines += ["", *_candidate(row)]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _candidate(row: Graded) -> list[str]:
    r = row.result
    if r is None:
        return [f"## {row.file}: not graded", "", row.error]
    summary = render.summarize(r)
    lines = [
        f"## {row.file}: {r.score:.0%} · {r.verdict}",
        "",
        f"{summary.earned:g}/{summary.total:g} points · {r.duration_s:.1f} s"
        + (f" · {summary.untested_line()}" if summary.untested else ""),
    ]
    if r.reason and r.verdict not in ("passed", "failed"):
        lines += ["", f"**{r.verdict}**: {render.shown_paths(r, r.reason)}"]
    if summary.missing:
        lines += ["", summary.missing_line()]
    shared = r.verdict == "error" and render.all_share_the_reason(r)
    failed = [] if summary.untouched or shared else [row for row in render.check_rows(render.ran(r)) if row.failed]
    if failed:
        lines += ["", "Failed checks:", ""]
        for check_row in failed:
            lines += _failed_check(r, check_row)
    lines += [f"- note: {note}" for note in r.notes]
    if r.output.strip():
        lines += ["", "Output:", "", *_fenced(_truncated(r.output), "text")]
    return lines


def _failed_check(result: GradeResult, row: render.CheckRow) -> list[str]:
    head = f"- **{row.name}** ({row.kind}, {row.earned:g}/{row.points:g} points"
    head += f", {len(row.failed)} of {len(row.cases)} cases failed)" if row.parametrised else ")"
    lines = [head]
    for case in row.failed[:REPORT_CASES]:
        label = f"`[{render.split_case(case.name)[1]}]`" if row.parametrised else ""
        message = render.shown_paths(result, case.message.strip()) or "(no message)"
        if "\n" in message:
            lines += ["", f"  {label}"] if label else []
            lines += ["", *(f"  {line}" for line in _fenced(message, "text"))]
        else:
            lines += ["", f"  {label} {message}".rstrip() if label else f"  {message}"]
        if case.location is not None:
            loc = case.location
            where = f"{render.relative(Path(loc.file))}:{loc.line} in `{loc.function}`"
            lines += ["", f"  at {where}" + (f": `{loc.code.strip()}`" if loc.code.strip() else "")]
    if len(row.failed) > REPORT_CASES:
        lines += ["", f"  ... and {len(row.failed) - REPORT_CASES} more failing cases"]
    return lines


def _truncated(output: str) -> str:
    """The first lines of the output, at most REPORT_OUTPUT_CHARS characters, saying how much was left out."""
    output = output.strip("\n")
    kept = "\n".join(output.splitlines()[:REPORT_OUTPUT_LINES])[:REPORT_OUTPUT_CHARS]
    if len(kept) == len(output):
        return output
    return f"{kept}\n... (output truncated: {len(output) - len(kept)} more characters)"


def _fenced(text: str, language: str) -> list[str]:
    """A fenced code block whose fence is longer than any run of backticks in the text."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{language}", *text.splitlines(), fence]
