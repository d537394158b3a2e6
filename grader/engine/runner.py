"""Parent side of a grade: spawns the child under limits, reads its signed reports, decides the verdict.

Never imports torch: the CLI stays fast and a crash of the child cannot take the CLI down with it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import selectors
import signal
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from grader.catalog import Question
from grader.engine import procs
from grader.engine.attempt import read_attempt
from grader.engine.launch import STARTUP_ALLOWANCE_S, Handle, Limits, WarmWorker, child_env, launch_cold
from grader.engine.protocol import Decoder
from grader.engine.verdict import RunFacts, decide
from grader.result import GradeResult

OUTPUT_CAP = 32 * 1024  # bytes kept of each of stdout and stderr
EXIT_GRACE_S = 0.5  # after the child exits, how long grandchildren may hold the pipes open


@dataclass
class _Stream:
    name: str
    data: bytearray = field(default_factory=bytearray)
    dropped: int = 0

    def add(self, chunk: bytes) -> None:
        room = OUTPUT_CAP - len(self.data)
        self.data += chunk[: max(room, 0)]
        self.dropped += max(len(chunk) - max(room, 0), 0)


def grade(
    question: Question,
    attempt: Path,
    *,
    timeout_s: float | None = None,
    protect: tuple[Path, ...] = (),
    warm: WarmWorker | None = None,
    only: tuple[str, ...] = (),
) -> GradeResult:
    """Grade `attempt` with the question's suite in a child process (forked from `warm` if given);
    never raises for a bad attempt except `AttemptError` (a file that cannot be read).

    `only` names the checks to run (test names without `test_` and `[params]`); default: all of them.
    """
    source = read_attempt(attempt)
    limits = Limits.for_question(question, timeout_s)
    procs.become_subreaper()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="prep-grade-", ignore_cleanup_errors=True) as tmp:
        src, work = Path(tmp, "src"), Path(tmp, "work")  # the attempt's copy; the child's working folder
        src.mkdir()
        work.mkdir()
        copy = src / "attempt.py"
        copy.write_bytes(source)
        run = _Run(question, attempt.resolve(), copy, limits, protect, work, only)
        run.execute(warm.launch if warm else launch_cold)
    return run.result(hashlib.sha256(source).hexdigest(), time.monotonic() - started)


class _Run:
    """One child process and everything it reported."""

    def __init__(
        self, question: Question, attempt: Path, copy: Path, limits: Limits, protect: tuple[Path, ...], work: Path,
        only: tuple[str, ...] = (),
    ) -> None:  # fmt: skip
        self.question, self.attempt, self.copy, self.limits, self.work = question, attempt, copy, limits, work
        self.only = list(only)
        self.protect = [str(p) for p in protect]
        self.secret = os.urandom(32)
        self.decoder = Decoder(self.secret)
        self.messages: list[dict] = []
        self.out, self.err = _Stream("stdout"), _Stream("stderr")
        self.timed_out = False
        self.attempt_started = False
        self.returncode: int | None = None
        self.leftovers = 0

    def execute(self, launch: Callable[..., Handle]) -> None:
        keep = set(procs.descendants(os.getpid()))
        (out_r, out_w), (err_r, err_w), (res_r, res_w) = os.pipe(), os.pipe(), os.pipe()
        job = {
            "secret": self.secret.hex(), "suite": str(self.question.suite_path),
            "reference": str(self.question.solution_path), "attempt_copy": str(self.copy),
            "attempt_file": str(self.attempt), "protect": self.protect, "memory_mb": self.limits.memory_mb,
            "check_timeout_s": self.limits.check_timeout_s, "grader_pid": os.getpid(),
            "scratch": str(self.work.parent), "basetemp": str(self.work.parent / "pytest"),  # removed afterwards
            "only": self.only,
        }  # fmt: skip
        try:
            handle = launch(job, (out_w, err_w, res_w), self.limits, child_env(self.question.cuda), self.work)
            keep.discard(handle.pid)  # a warm worker's spare child, there before the grade, is now the grade's
        finally:
            for fd in (out_w, err_w, res_w):
                os.close(fd)
        try:
            self._collect(handle, out_r, err_r, res_r)
        finally:
            for fd in (out_r, err_r, res_r):
                os.close(fd)
            if handle.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(handle.pid, signal.SIGKILL)
            self.returncode = handle.wait()
            self.leftovers = procs.kill_tree(keep, pgid=handle.pid)

    def _collect(self, proc: Handle, out_fd: int, err_fd: int, read_fd: int) -> None:
        # The engine's own start (interpreter, torch, pytest, the suite) has its own allowance; the
        # question's limit counts from the moment the attempt is about to be imported.
        deadline = time.monotonic() + STARTUP_ALLOWANCE_S
        selector = selectors.DefaultSelector()
        selector.register(out_fd, selectors.EVENT_READ, self.out)
        selector.register(err_fd, selectors.EVENT_READ, self.err)
        selector.register(read_fd, selectors.EVENT_READ, None)
        exited_at = None
        while selector.get_map():
            now = time.monotonic()
            if exited_at is None and proc.poll() is not None:
                exited_at = now
            if exited_at is not None and now - exited_at > EXIT_GRACE_S:
                break
            if now >= deadline:
                self.timed_out = proc.poll() is None
                break
            for key, _ in selector.select(timeout=min(0.05, deadline - now)):
                chunk = os.read(key.fd, 1 << 16)
                if not chunk:
                    selector.unregister(key.fd)
                elif key.data is None:
                    self.messages.extend(self.decoder.feed(chunk))
                    if not self.attempt_started and any(m.get("phase") == "import" for m in self.messages):
                        self.attempt_started, deadline = True, time.monotonic() + self.limits.timeout_s
                else:
                    key.data.add(chunk)
        selector.close()

    # --- the verdict ------------------------------------------------------------------------------
    def result(self, sha256: str, duration: float) -> GradeResult:
        facts = RunFacts(
            timeout_s=self.limits.timeout_s, memory_mb=self.limits.memory_mb,
            startup_allowance_s=STARTUP_ALLOWANCE_S, timed_out=self.timed_out,
            attempt_started=self.attempt_started, returncode=self.returncode, rejected=self.decoder.rejected,
            leftovers=self.leftovers, dropped={s.name: s.dropped for s in (self.out, self.err)},
        )  # fmt: skip
        decided = decide(self.messages, facts)
        return GradeResult(
            question=self.question.number, slug=self.question.slug, file=str(self.attempt), score=decided.score,
            verdict=decided.verdict, reason=decided.reason, duration_s=round(duration, 3), checks=decided.checks,
            notes=decided.notes, output=self._output(), file_sha256=sha256,
        )  # fmt: skip

    def _output(self) -> str:
        out = self.out.data.decode(errors="replace")
        err = self.err.data.decode(errors="replace")
        return out + (f"\n--- stderr ---\n{err}" if err.strip() else "")
