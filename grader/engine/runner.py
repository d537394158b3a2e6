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
from grader.result import CheckResult, GradeResult, Location

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
) -> GradeResult:
    """Grade `attempt` with the question's suite in a child process (forked from `warm` if given);
    never raises for a bad attempt except `AttemptError` (missing file, syntax error)."""
    source = read_attempt(attempt)
    limits = Limits.for_question(question, timeout_s)
    procs.become_subreaper()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="prep-grade-", ignore_cleanup_errors=True) as tmp:
        src, work = Path(tmp, "src"), Path(tmp, "work")
        src.mkdir()
        work.mkdir()
        copy = src / "attempt.py"
        copy.write_bytes(source)
        run = _Run(question, attempt.resolve(), copy, limits, protect, work)
        run.execute(warm.launch if warm else launch_cold)
    return run.result(hashlib.sha256(source).hexdigest(), time.monotonic() - started)


class _Run:
    """One child process and everything it reported."""

    def __init__(
        self, question: Question, attempt: Path, copy: Path, limits: Limits, protect: tuple[Path, ...], work: Path
    ) -> None:
        self.question, self.attempt, self.copy, self.limits, self.work = question, attempt, copy, limits, work
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
        }  # fmt: skip
        try:
            handle = launch(job, (out_w, err_w, res_w), self.limits, child_env(self.question.cuda), self.work)
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
        plan, results, state = self._replay()
        checks = []
        for item in plan:
            reported = results.get(item["id"])
            if reported is None:
                checks.append(
                    CheckResult(item["name"], item["kind"], item["points"], False, f"not run: {state['why_missing']}")
                )
            elif not reported.get("skipped"):
                location = Location(**reported["location"]) if reported.get("location") else None
                passed, message = bool(reported["passed"]), reported.get("message", "")
                took = reported.get("duration_s", 0.0)
                checks.append(CheckResult(item["name"], item["kind"], item["points"], passed, message, location, took))
        total = sum(c.points for c in checks)
        score = sum(c.points for c in checks if c.passed) / total if total else 0.0
        verdict, reason = state["verdict"], state["reason"]
        if verdict == "passed" and (not checks or score < 1.0):
            verdict, reason = "failed", reason or f"{sum(not c.passed for c in checks)} of {len(checks)} checks failed"
        if verdict != "passed":
            score = score if verdict in ("failed", "timeout", "crashed") else 0.0
        notes = self._notes(results)
        return GradeResult(
            question=self.question.number, slug=self.question.slug, file=str(self.attempt), score=round(score, 4),
            verdict=verdict, reason=reason, duration_s=round(duration, 3), checks=checks, notes=notes,
            output=self._output(), file_sha256=sha256,
        )  # fmt: skip

    def _replay(self) -> tuple[list[dict], dict[str, dict], dict]:
        plan: list[dict] = []
        results: dict[str, dict] = {}
        current, phase, fatal, done, import_error, tampered = (
            None,
            "startup",
            None,
            False,
            "",
            self.decoder.rejected > 0,
        )
        for m in self.messages:
            kind = m.get("t")
            if kind == "plan" and not plan:
                plan = list(m["checks"])
            elif kind == "start":
                current = m["id"]
            elif kind == "phase":
                phase, import_error = m["phase"], m.get("import_error", "") or import_error
            elif kind == "result" and m["id"] in {c["id"] for c in plan} and m["id"] not in results:
                results[m["id"]] = m
            elif kind == "fatal":
                fatal = fatal or m["message"]
            elif kind == "done":
                done = True
            else:
                tampered = True
        names = {c["id"]: c["name"] for c in plan}
        where = (
            f" in check {names.get(current, current)}" if current
            else " while importing your file" if phase == "import" else " before the checks started"
        )  # fmt: skip
        state = {"verdict": "passed", "reason": "", "why_missing": "the grade stopped early"}
        if tampered:
            results.clear()
            state.update(verdict="error", reason="the result channel carried messages that were not the grader's; "
                         "results discarded", why_missing="results discarded")  # fmt: skip
        elif self.timed_out and not self.attempt_started:
            state.update(verdict="error", reason=f"the grading engine did not start within {STARTUP_ALLOWANCE_S:g} s",
                         why_missing="the grader could not start")  # fmt: skip
        elif self.timed_out:
            state.update(verdict="timeout", reason=f"timed out after {self.limits.timeout_s:g} s{where}",
                         why_missing=f"the grade timed out after {self.limits.timeout_s:g} s")  # fmt: skip
        elif fatal:
            state.update(verdict="error", reason=fatal, why_missing="the grader could not run")
        elif not done or len(results) < len(plan):
            state.update(verdict="crashed", reason=self._crash_reason(where), why_missing="the grading process died")
        elif import_error:
            state.update(verdict="error", reason=import_error)
        return plan, results, state

    def _crash_reason(self, where: str) -> str:
        code = self.returncode
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            extra = {
                "SIGKILL": " (killed: out of memory?)", "SIGXCPU": " (CPU time limit)", "SIGSEGV": "",
            }.get(name, "")  # fmt: skip
            return f"crashed with {name}{extra}{where}"
        return (
            f"the grading process exited (code {code}){where} before every check reported: "
            "sys.exit() or os._exit() in your code?"
        )

    def _notes(self, results: dict[str, dict]) -> list[str]:
        flags = {f for r in results.values() for f in r.get("flags", ())}
        leftovers = self.leftovers + sum(r.get("killed", 0) for r in results.values())
        if any("exceeded memory" in r.get("message", "") for r in results.values()):
            flags.add("memory")
        notes = []
        if "memory" in flags:
            notes.append(f"exceeded memory (limit {self.limits.memory_mb} MiB)")
        if "forbidden" in flags:
            notes.append("your code called an API this question forbids")
        if "tamper" in flags:
            notes.append("your code modified torch, NumPy or grader internals; those checks do not count")
        if "sandbox" in flags:
            notes.append("your code tried to reach files or state that grading keeps out of reach")
        for stream in (self.out, self.err):
            if stream.dropped:
                notes.append(f"output truncated: {stream.dropped / 1e6:.1f} MB of {stream.name} dropped")
        if leftovers:
            notes.append(f"killed {leftovers} process(es) your code left running")
        return notes

    def _output(self) -> str:
        out = self.out.data.decode(errors="replace")
        err = self.err.data.decode(errors="replace")
        return out + (f"\n--- stderr ---\n{err}" if err.strip() else "")
