"""Grading many files against one question at once: `prep grade N --dir candidates/`.

Each file is graded by `grader.engine.runner.grade` in its own child process, exactly as a single grade is,
so a hostile or crashing file changes nothing for the others. Parallelism comes from a pool of worker
processes, one grade at a time each: the engine's clean-up kills every descendant of the grading parent
that it did not start, so two grades must never share a parent process. Each pool process keeps a warm
worker (torch imported once) from which its grading children are forked.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from grader.catalog import Question
from grader.result import GradeResult

if TYPE_CHECKING:
    from grader.engine.launch import WarmWorker


@dataclass
class Graded:
    """One file of a batch: its result, or why it could not be graded at all (`error`)."""

    file: str  # as the user named it
    result: GradeResult | None = None
    error: str = ""


def default_jobs() -> int:
    return os.cpu_count() or 1


def grade_many(
    question: Question,
    files: list[Path],
    jobs: int,
    timeout_s: float | None = None,
    protect: tuple[Path, ...] = (),
) -> Iterator[Graded]:
    """Grade every file, at most `jobs` at a time, yielding each as it finishes."""
    workers = max(1, min(jobs, len(files)))
    context = multiprocessing.get_context("spawn")  # nothing of this process (threads, open files) is inherited
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker) as pool:
        pending: dict[Future, Path] = {pool.submit(_grade_one, question, f, timeout_s, protect): f for f in files}
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield _graded(str(pending.pop(future)), future)
        finally:
            for future in pending:
                future.cancel()


def _graded(file: str, future: Future) -> Graded:
    try:
        outcome = future.result()
    except Exception as err:  # the pool process died: the grading engine never lets an attempt do that
        return Graded(file, error=f"not graded: {type(err).__name__}: {err}")
    return Graded(file, error=outcome) if isinstance(outcome, str) else Graded(file, result=outcome)


# --- in a pool process ------------------------------------------------------------------------------------
_warm: WarmWorker | None = None


def _start_worker() -> None:
    """This pool process's warm worker, started before any grade: a grade's clean-up spares only the processes
    that were there when it began, so a worker (re)started during a grade would be killed at its end."""
    global _warm
    from grader.engine.launch import WarmWorker

    _warm = WarmWorker()
    atexit.register(_warm.close)
    _ready_worker()


def _ready_worker() -> WarmWorker | None:
    """The warm worker, restarted if an attempt killed it; None from the first time it cannot start (cold grades
    then: slower, the same results)."""
    global _warm
    if _warm is not None and not _warm.alive:
        _warm.close()
        try:
            _warm.start()
        except RuntimeError:
            _warm.close()
            _warm = None
    return _warm


def _grade_one(question: Question, path: Path, timeout_s: float | None, protect: tuple[Path, ...]) -> GradeResult | str:
    from grader.engine.attempt import AttemptError
    from grader.engine.runner import grade

    try:
        return grade(question, path, timeout_s=timeout_s, protect=protect, warm=_ready_worker())
    except AttemptError as err:
        return str(err)
