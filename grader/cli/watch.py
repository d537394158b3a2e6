"""`prep watch [N]`: re-grade the current question on every save, the checks table redrawn in place.

The attempt's folder is watched (watchfiles), so an editor that saves through a temporary file and a
rename is seen like one that writes in place; a save re-grades only when the file's content changed,
which makes a save that touches the file several times one re-grade. Grades come from a warm worker
(`grader.engine.launch`), with the question's suite prepared once, in a grading thread that owns it; a
save during a grade cancels that grade (its child is killed) and starts the next. Ctrl-C stops the
grade in progress and the worker, and leaves no process behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console, Group
from rich.text import Text

from grader.catalog import Question
from grader.cli import render
from grader.cli.context import (
    UsageError,
    console,
    missing_requirements,
    open_store,
    question_or_current,
    usage_errors,
)
from grader.result import GradeResult
from grader.workspace import Workspace, find_workspace

if TYPE_CHECKING:
    from grader.engine.launch import WarmWorker

TICK_MS = 100  # how often the loop looks at the grade in progress when no file changes
STEP_MS = 50  # changes closer together than this are one save
DEBOUNCE_MS = 800
NAMES_SHOWN = 6
STOP_WAIT_S = 30.0


def register(app: typer.Typer) -> None:
    app.command("watch")(watch)


@usage_errors
def watch(
    number: Annotated[
        str | None, typer.Argument(help="Question number or slug (default: the current one).", show_default=False)
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every case of parametrised checks, passing ones too.")
    ] = False,
    no_record: Annotated[bool, typer.Option("--no-record", help="Do not record these grades.")] = False,
) -> None:
    """Re-grade your attempt every time you save it (Ctrl-C to stop)."""
    workspace = find_workspace()
    q = question_or_current(number, workspace, "watch")
    if missing := missing_requirements(q):
        raise UsageError(missing)
    path = workspace.attempt_path(q)
    if not path.exists():
        raise UsageError(f"no attempt at {render.relative(path)}: run `prep start {q.number}` first")
    Watch(q, path, workspace, record=not no_record, verbose=verbose).run()


# --- what changed between two grades ------------------------------------------------------------------------
def _passing(result: GradeResult) -> dict[str, bool]:
    return {row.name: not row.failed for row in render.check_rows(result.checks)}


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:NAMES_SHOWN])
    return shown + (f" and {len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else "")


def changes(before: GradeResult | None, after: GradeResult) -> Text:
    """'newly passing: a, b · newly failing: c' (checks by row, as the table shows them)."""
    if before is None:
        return Text("")
    old, new = _passing(before), _passing(after)
    fixed = [name for name, ok in new.items() if ok and old.get(name) is False]
    broken = [name for name, ok in new.items() if not ok and old.get(name) is True]
    line = Text()
    if fixed:
        line.append(f"newly passing: {_names(fixed)}", style="green")
    if broken:
        line.append(" · " if fixed else "")
        line.append(f"newly failing: {_names(broken)}", style="bold red")
    if not (fixed or broken):
        line.append(
            f"no check changed since the last grade ({before.score:.0%} -> {after.score:.0%})"
            if before.score != after.score
            else "no check changed since the last grade",
            style="dim",
        )
    return line


# --- the watch ------------------------------------------------------------------------------------------------
@dataclass
class _Done:
    save: int
    result: GradeResult | None
    error: str = ""


class Watch:
    def __init__(self, q: Question, path: Path, workspace: Workspace, record: bool, verbose: bool) -> None:
        from grader.engine.launch import WarmWorker

        self.q, self.path, self.workspace, self.record, self.verbose = q, path, workspace, record, verbose
        self.worker: WarmWorker = WarmWorker()
        self.todo: queue.Queue[int | None] = queue.Queue()
        self.done: queue.Queue[_Done] = queue.Queue()
        self.save = 0  # the latest content's number: a grade of an older one is cancelled and dropped
        self.grading: int | None = None  # the save being graded, if any
        self.content: str | None = None  # sha256 of the content last sent to grading
        self.last: GradeResult | None = None
        self.status = Text("starting the grader (torch is imported once)...", style="dim")
        self.restarted = False
        self.diff = Text("")
        self.stopping = False
        self.live_console = Console(highlight=False, soft_wrap=True)

    # --- the grading thread: it starts the worker, which dies with this thread ------------------------
    def _grading_loop(self) -> None:
        from grader.cli.grading import grade_and_record
        from grader.engine.attempt import AttemptError

        while (save := self.todo.get()) is not None:
            if save != self.save:
                continue  # a newer save is queued already
            try:
                self.worker.prepare(self.q)  # outside the grade (and again if the suite changed on disk)
                if self.stopping:
                    break
                self.grading = save
                result = grade_and_record(self.q, self.path, self.workspace, record=False, warm=self.worker)
                self.done.put(_Done(save, result))
            except AttemptError as err:  # the file went away between the save and the grade
                self.done.put(_Done(save, None, str(err)))
            except Exception as exc:
                self.done.put(_Done(save, None, f"the grader failed: {type(exc).__name__}: {exc}"))
            finally:
                self.grading = None
            if not self.stopping and self.todo.empty():
                # A grading child ready for the next save, started while the learner reads this result (the next
                # save's own prepare reports what went wrong, if anything did).
                with contextlib.suppress(Exception):
                    self.worker.prepare(self.q)

    # --- the main thread: files, cancelling, drawing --------------------------------------------------------
    def _changed(self) -> bool:
        """Whether the attempt holds new content (a save that changed nothing, or a temporary file, is not one)."""
        try:
            digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
        except OSError:
            self.status = Text(f"waiting for {render.relative(self.path)} to come back...", style="yellow")
            return False
        if digest == self.content:
            return False
        self.content = digest
        return True

    def _request(self) -> None:
        self.save += 1
        if self.grading is not None:
            self.restarted = True
        self.status = Text(f"grading save #{self.save}...", style="yellow")
        self.todo.put(self.save)

    def _finish(self, done: _Done) -> bool:
        """Show a finished grade of the latest save (older ones were cancelled); True if the view changed."""
        if done.save != self.save:
            return False
        if done.result is None:
            self.status = Text(done.error, style="bold red")
            return True
        if self.record:
            with open_store(self.workspace) as store:
                store.record_grade(done.result)
        took = f"{done.result.duration_s:.1f} s"
        note = " · restarted: the file changed during the previous grade" if self.restarted else ""
        self.status = Text(f"save #{done.save} graded at {time.strftime('%H:%M:%S')} in {took}{note}", style="dim")
        self.restarted = False
        self.diff = changes(self.last, done.result)
        self.last = done.result
        return True

    def _view(self) -> Group:
        head = Text(f"Watching {render.relative(self.path)} (question {self.q.number}) · Ctrl-C to stop", style="bold")
        parts: list = [head, self.status]
        if self.last is not None:
            score = Text(f"Score {self.last.score:.0%} · {self.last.verdict}", style="bold")
            score.stylize("green" if self.last.passed else "red")
            parts += [score, self.diff, Text(""), self._table()]
        return Group(*parts)

    def _table(self) -> Text:
        """The grade exactly as `prep grade` prints it, captured for the live view."""
        with console.capture() as captured:
            render.grade_result(self.last, verbose=self.verbose)
        return Text.from_ansi(captured.get().rstrip("\n"))

    def _events(self) -> Iterator[bool]:
        """True for each change of the attempt's file, False every tick without one."""
        import watchfiles

        target = str(self.path.resolve())

        def ours(_: object, path: str) -> bool:
            return str(Path(path).resolve()) == target

        for batch in watchfiles.watch(
            self.path.parent, watch_filter=ours, debounce=DEBOUNCE_MS, step=STEP_MS, rust_timeout=TICK_MS,
            yield_on_timeout=True, recursive=False,
        ):  # fmt: skip
            yield bool(batch)

    def run(self) -> None:
        thread = threading.Thread(target=self._grading_loop, name="grading", daemon=True)
        try:
            with self._display() as show:
                self._changed()
                self._request()
                thread.start()
                show(self._view())
                for changed in self._events():
                    if changed and self._changed():
                        self._request()
                        show(self._view())
                    if self.grading is not None and self.grading != self.save:
                        self.worker.cancel()  # every tick until that grade has stopped
                    with contextlib.suppress(queue.Empty):
                        while True:
                            if self._finish(self.done.get_nowait()):
                                show(self._view(), final=True)
        except KeyboardInterrupt:
            pass
        finally:
            self.stopping = True
            self.save += 1  # nothing in flight counts any more
            self.worker.cancel()
            if self.grading is None:
                self.worker.close()  # a worker still starting stops now; a grade in flight ends first (its clean-up)
            self.todo.put(None)
            if thread.is_alive():
                thread.join(timeout=STOP_WAIT_S)
            self.worker.close()
        console.print("Stopped watching.")

    @contextlib.contextmanager
    def _display(self) -> Iterator:
        """In a terminal: one view redrawn in place. Elsewhere (a pipe, a log): each finished grade printed once."""
        if not console.is_terminal:

            def show(view: Group, final: bool = False) -> None:
                if final:
                    self.live_console.print(view)
                    self.live_console.print()

            yield show
            return
        from rich.live import Live

        with Live(console=self.live_console, auto_refresh=False, transient=False) as live:

            def show(view: Group, final: bool = False) -> None:
                live.update(view, refresh=True)

            yield show
