"""Grading many files against one question at once: `prep grade N --dir candidates/`.

Each file is graded by `grader.engine.runner.grade` in its own child process, exactly as a single grade is,
so a hostile or crashing file changes nothing for the others. Parallelism comes from worker processes that
grade one file at a time each: the engine's clean-up kills every descendant of the grading parent that it did
not start, so two grades must never share a parent process. Each worker keeps a warm worker (torch imported
once) from which its grading children are forked. Workers are plain subprocesses speaking JSON lines (no
multiprocessing: its resource tracker would outlive the batch).
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from grader.catalog import Question, load_catalog
from grader.paths import PACKAGE_DIR
from grader.result import GradeResult

if TYPE_CHECKING:
    from grader.engine.launch import WarmWorker

BOOT = "import sys; sys.path.insert(0, {root!r}); from grader.batch import serve; serve()"


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
    todo: queue.Queue[Path] = queue.Queue()
    for path in files:
        todo.put(path)
    done: queue.Queue[Graded] = queue.Queue()
    setup = {"question": question.number, "timeout_s": timeout_s, "protect": [str(p) for p in protect]}
    workers = [_Worker(setup, todo, done) for _ in range(max(1, min(jobs, len(files))))]
    try:
        for _ in files:
            yield done.get()
    finally:
        for worker in workers:
            worker.stopped = True  # no new file; one being graded finishes (Ctrl-C ends it at once)
        for worker in workers:
            worker.thread.join()


class _Worker:
    """A thread feeding one worker process the next file until none is left."""

    def __init__(self, setup: dict, todo: queue.Queue[Path], done: queue.Queue[Graded]) -> None:
        self.setup, self.todo, self.done = setup, todo, done
        self.proc: subprocess.Popen | None = None  # used by the thread only
        self.stopped = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _start(self) -> subprocess.Popen:
        command = [sys.executable, "-c", BOOT.format(root=str(PACKAGE_DIR.parent))]
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        proc.stdin.write(json.dumps(self.setup) + "\n")
        proc.stdin.flush()
        return proc

    def _run(self) -> None:
        try:
            while not self.stopped:
                try:
                    path = self.todo.get_nowait()
                except queue.Empty:
                    break
                self.done.put(self._grade(path))
        finally:
            self._close()

    def _grade(self, path: Path) -> Graded:
        try:
            if self.proc is None or self.proc.poll() is not None:
                self.proc = self._start()
            self.proc.stdin.write(json.dumps({"file": str(path)}) + "\n")
            self.proc.stdin.flush()
            reply = self.proc.stdout.readline()
        except OSError:
            reply = ""
        if not reply:
            self.proc = None
            return Graded(str(path), error="not graded: the grading worker died")
        answer = json.loads(reply)
        if "error" in answer:
            return Graded(str(path), error=answer["error"])
        return Graded(str(path), result=GradeResult.from_dict(answer["result"]))

    def _close(self) -> None:
        """End the worker process: closing its input ends it, once it has closed its warm worker."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            proc.stdin.close()
            proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()


# --- in a worker process --------------------------------------------------------------------------------
def serve() -> None:
    """Read the batch's setup, then one file per line; answer each with its result (a JSON line)."""
    from grader.engine.attempt import AttemptError
    from grader.engine.launch import WarmWorker
    from grader.engine.runner import grade

    channel = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # anything else printed here goes to stderr, not into the answers
    setup = json.loads(sys.stdin.readline())
    question = load_catalog().get(setup["question"])
    protect = tuple(Path(p) for p in setup["protect"])
    warm: WarmWorker | None = WarmWorker()
    try:
        for line in sys.stdin:
            # A grade's clean-up spares only the processes that were there when it began: the warm worker is
            # (re)started before a grade (an attempt may have killed it), never during one.
            warm = _ready(warm)
            path = Path(json.loads(line)["file"])
            try:
                result = grade(question, path, timeout_s=setup["timeout_s"], protect=protect, warm=warm)
                answer = {"result": result.to_dict()}
            except AttemptError as err:
                answer = {"error": str(err)}
            _answer(channel, answer)
    except KeyboardInterrupt:
        pass  # Ctrl-C reaches the whole batch: the CLI says so once
    finally:
        if warm is not None:
            warm.close()


def _ready(warm: WarmWorker | None) -> WarmWorker | None:
    """The warm worker, running; None from the first time it cannot start (cold grades: slower, the same)."""
    if warm is None or warm.alive:
        return warm
    warm.close()
    try:
        warm.start()
    except RuntimeError:
        warm.close()
        return None
    return warm


def _answer(channel: IO[str], answer: dict) -> None:
    channel.write(json.dumps(answer) + "\n")
    channel.flush()
