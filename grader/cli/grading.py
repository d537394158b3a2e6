"""`prep grade`: grade an attempt in a child process, show the checks, record the result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from grader.catalog import Question, UnknownQuestion
from grader.cli import debug, render
from grader.cli.context import (
    UsageError,
    console,
    missing_requirements,
    open_store,
    question,
    question_or_current,
    usage_errors,
    workspace_or_none,
)
from grader.result import GradeResult
from grader.workspace import Workspace

if TYPE_CHECKING:
    from grader.engine.launch import WarmWorker


def register(app: typer.Typer) -> None:
    app.command("grade")(grade)


def _question_for(number: str | None, file: Path | None, workspace: Workspace | None) -> Question:
    if number is None and file is not None:  # an interviewer's `prep grade --file 029_focal_loss.py`
        try:
            return question(file.stem)
        except UnknownQuestion:
            raise UsageError(
                f"cannot tell the question from {file.name}: give its number, e.g. `prep grade 29 --file ...`"
            ) from None
    return question_or_current(number, workspace, "grade")


def _is_inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _skip_reasons(result: GradeResult, q: Question) -> GradeResult:
    """The suite does not say why it skipped a check; for a question with CUDA checks, that is the reason."""
    for check in result.skipped:
        check.message = check.message or ("needs CUDA" if q.cuda else "not run on this machine")
    return result


def _served(
    q: Question, file: Path, timeout: float | None, workspace: Workspace, protect: tuple[Path, ...]
) -> GradeResult | None:
    from grader.engine import server

    return server.grade(workspace.state_dir, q, file, timeout, protect) if server.enabled() else None


def _start_server(q: Question, workspace: Workspace) -> None:
    """After the grade (a grade kills the processes that appear while it runs); a no-op if one is running."""
    from grader.engine import server

    if server.enabled():
        server.start(workspace.state_dir, q)


def grade_and_record(
    q: Question,
    file: Path,
    workspace: Workspace | None,
    record: bool,
    timeout: float | None = None,
    warm: WarmWorker | None = None,
    served: bool = False,
) -> GradeResult:
    """Grade with the workspace's progress data kept out of the attempt's reach, then record it; `served`: through
    the workspace's warm grading server where one answers (PREP_NO_SERVER=1 opts out), else cold."""
    from grader.engine.runner import grade as run_grade  # spawns processes: only `grade` pays for it

    if workspace is None or not workspace.state_dir.is_dir():
        return _skip_reasons(run_grade(q, file, timeout_s=timeout, warm=warm), q)
    with open_store(workspace) as store:
        backup = store.backup()
        try:
            protect = (workspace.state_dir,)
            result = _served(q, file, timeout, workspace, protect) if served and warm is None else None
            result = _skip_reasons(result or run_grade(q, file, timeout_s=timeout, protect=protect, warm=warm), q)
            if served and warm is None:
                _start_server(q, workspace)
        finally:
            if not store.verify_or_restore(backup):
                render.warn("the progress database was damaged during grading and has been restored")
            backup.close()
        if record:
            store.record_grade(result)
    return result


@usage_errors
def grade(
    number: Annotated[
        str | None, typer.Argument(help="Question number or slug (default: the current one).", show_default=False)
    ] = None,
    files: Annotated[
        list[Path] | None,
        typer.Option("--file", "-f", help="Grade this file instead of your workspace attempt (repeat: a batch)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object (for scripts and interviewers).")
    ] = False,
    output: Annotated[bool, typer.Option("--output", help="Also show what your code printed.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every case of parametrised checks, passing ones too.")
    ] = False,
    timeout: Annotated[
        float | None, typer.Option(help="Wall-clock limit in seconds (default: the question's).")
    ] = None,
    no_record: Annotated[bool, typer.Option("--no-record", help="Do not record this grade in your progress.")] = False,
    cold: Annotated[
        bool, typer.Option("--cold", help="Grade in a fresh process, not through the warm grading server.")
    ] = False,
    folder: Annotated[
        Path | None, typer.Option("--dir", help="Batch: grade every .py file in this folder (never recorded).")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Batch: files graded at once (default: the cores).")
    ] = None,
    csv_path: Annotated[Path | None, typer.Option("--csv", help="Batch: also write the table as CSV.")] = None,
    report_path: Annotated[
        Path | None, typer.Option("--report", help="Batch: also write a Markdown report of every file.")
    ] = None,
) -> None:
    """Grade an attempt: exit code 0 for full marks, 1 otherwise, 2 for a usage error.

    Several --file, or --dir, grade a batch (an interviewer's candidates): a table sorted by score, JSON lines
    with --json; exit code 0 once every file got a result.
    """
    if folder is not None or csv_path is not None or report_path is not None or len(files or ()) > 1:
        from grader.cli.batch import grade_batch

        grade_batch(number, files or [], folder, jobs, timeout, as_json, csv_path, report_path)
    file = files[0] if files else None
    workspace = workspace_or_none()
    exercise = debug.target(number, file, workspace)  # a find-the-bug exercise: its grades are kept apart
    q = exercise.question if exercise else _question_for(number, file, workspace)
    if missing := missing_requirements(q):
        raise UsageError(missing)
    path = file if file is not None else (workspace.attempt_path(q) if workspace else None)
    path = exercise.path if exercise else path
    if path is None:
        raise UsageError(f"no workspace: use `prep start {q.number}` first, or `prep grade {q.number} --file PATH`")
    if file is None and not path.exists():
        raise UsageError(f"no attempt at {render.relative(path)}: run `prep start {q.number}` first")
    # A file graded from outside the workspace (a candidate's) is not the learner's own progress.
    record = not no_record and workspace is not None and _is_inside(path, workspace.root)
    record_question = record and not exercise and not debug.in_debug_folder(path, workspace)
    result = grade_and_record(q, path, workspace, record_question, timeout, served=not cold)
    solved = debug.record(workspace, exercise, result) if exercise and record else ""
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        render.grade_result(result, show_output=output, verbose=verbose)
        if solved:
            console.print(Text(solved, style="bold green"))
    raise typer.Exit(0 if result.passed and result.score == 1.0 else 1)
