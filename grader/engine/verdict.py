"""The verdict of a grade: a pure function of the child's verified messages and what the parent saw.

Kept apart from the process handling in `runner` so that every branch (tampered channel, engine that
never started, timeout, crash, import error, missing or duplicate reports) is testable without a child.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass, field

from grader.engine import protocol
from grader.result import CheckResult, Location

NOTES = {  # flag -> the note the learner sees
    "memory": "exceeded memory (limit {memory_mb} MiB)",
    "forbidden": "your code called an API this question forbids",
    "tamper": "your code modified torch, NumPy or grader internals; those checks do not count",
    "sandbox": "your code tried to reach files or state that grading keeps out of reach",
}


@dataclass(frozen=True)
class RunFacts:
    """What the parent observed about the child, besides its messages."""

    timeout_s: float
    memory_mb: int
    startup_allowance_s: float
    timed_out: bool = False
    attempt_started: bool = False
    returncode: int | None = 0
    rejected: int = 0  # lines on the result channel that did not verify
    leftovers: int = 0  # processes killed after the child exited
    dropped: dict[str, int] = field(default_factory=dict)  # stream name -> bytes of output dropped


@dataclass(frozen=True)
class Verdict:
    verdict: str
    reason: str
    score: float
    checks: list[CheckResult]
    notes: list[str]


def decide(messages: list[dict], facts: RunFacts) -> Verdict:
    plan, results, state = _replay(messages, facts)
    checks = []
    for item in plan:
        reported = results.get(item["id"])
        if reported is None:
            checks.append(
                CheckResult(item["name"], item["kind"], item["points"], False, f"not run: {state['why_missing']}")
            )
        elif reported.get("skipped"):  # kept, flagged, so the learner sees what was not tested here
            message = reported.get("message", "")
            checks.append(CheckResult(item["name"], item["kind"], item["points"], False, message, skipped=True))
        else:
            location = Location(**reported["location"]) if reported.get("location") else None
            passed, message = bool(reported["passed"]), reported.get("message", "")
            took = reported.get("duration_s", 0.0)
            checks.append(CheckResult(item["name"], item["kind"], item["points"], passed, message, location, took))
    ran = [c for c in checks if not c.skipped]
    total = sum(c.points for c in ran)
    score = sum(c.points for c in ran if c.passed) / total if total else 0.0
    verdict, reason = state["verdict"], state["reason"]
    if verdict == "passed" and (not ran or score < 1.0):
        verdict, reason = "failed", reason or f"{sum(not c.passed for c in ran)} of {len(ran)} checks failed"
    if verdict not in ("passed", "failed", "timeout", "crashed"):
        score = 0.0
    return Verdict(verdict, reason, round(score, 4), checks, _notes(results, state["flags"], facts))


def _replay(messages: list[dict], facts: RunFacts) -> tuple[list[dict], dict[str, dict], dict]:
    plan: list[dict] = []
    results: dict[str, dict] = {}
    current, phase, fatal, done, import_error = None, "startup", None, False, ""
    flags: set[str] = set()
    tampered = facts.rejected > 0
    for m in messages:
        kind = m.get("t")
        if kind == protocol.PLAN and not plan:
            plan = list(m["checks"])
        elif kind == protocol.START:
            current = m["id"]
        elif kind == protocol.PHASE:
            phase, import_error = m["phase"], m.get("import_error", "") or import_error
            flags.update(m.get("flags", ()))
        elif kind == protocol.RESULT and m["id"] in {c["id"] for c in plan} and m["id"] not in results:
            results[m["id"]] = m
        elif kind == protocol.FATAL:
            fatal = fatal or m["message"]
        elif kind == protocol.DONE:
            done = True
        else:
            tampered = True
    names = {c["id"]: c["name"] for c in plan}
    where = (
        f" in check {names.get(current, current)}" if current
        else " while importing your file" if phase == "import" else " before the checks started"
    )  # fmt: skip
    state = {"verdict": "passed", "reason": "", "why_missing": "the grade stopped early", "flags": flags}
    if tampered:
        results.clear()
        state.update(verdict="error", reason="the result channel carried messages that were not the grader's; "
                     "results discarded", why_missing="results discarded")  # fmt: skip
    elif facts.timed_out and not facts.attempt_started:
        state.update(verdict="error", reason=f"the grading engine did not start within {facts.startup_allowance_s:g} s",
                     why_missing="the grader could not start")  # fmt: skip
    elif facts.timed_out:
        state.update(verdict="timeout", reason=f"timed out after {facts.timeout_s:g} s{where}",
                     why_missing=f"the grade timed out after {facts.timeout_s:g} s")  # fmt: skip
    elif fatal:
        state.update(verdict="error", reason=fatal, why_missing="the grader could not run")
    elif not done or len(results) < len(plan):
        state.update(verdict="crashed", reason=_crash_reason(facts.returncode, where),
                     why_missing="the grading process died")  # fmt: skip
    elif import_error:
        state.update(verdict="error", reason=import_error)
    return plan, results, state


def _crash_reason(code: int | None, where: str) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        extra = {"SIGKILL": " (killed: out of memory?)", "SIGXCPU": " (CPU time limit)"}.get(name, "")
        return f"crashed with {name}{extra}{where}"
    return (
        f"the grading process exited (code {code}){where} before every check reported: "
        "sys.exit() or os._exit() in your code?"
    )


def _notes(results: dict[str, dict], flags: set[str], facts: RunFacts) -> list[str]:
    flags = flags | {f for r in results.values() for f in r.get("flags", ())}
    notes = [text.format(memory_mb=facts.memory_mb) for flag, text in NOTES.items() if flag in flags]
    for stream, dropped in facts.dropped.items():
        if dropped:
            notes.append(f"output truncated: {dropped / 1e6:.1f} MB of {stream} dropped")
    leftovers = facts.leftovers + sum(r.get("killed", 0) for r in results.values())
    if leftovers:
        notes.append(f"killed {leftovers} process(es) your code left running")
    return notes
