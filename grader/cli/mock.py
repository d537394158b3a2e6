"""`prep mock`: timed mock interviews (start, status, submit, history, show, watch).

A session's stubs are copied into `<workspace>/mock/<id>/`; its deadline and every version of its files
that matters live in the progress database, so a session survives closing the terminal and a reboot.

What counts as on time. Before the deadline, `submit` copies every file into `mock/<id>/submitted/`
first and grades those copies. Once the deadline has passed, the first mock command that sees it keeps
each file as it was at the deadline (`prep mock watch` does so on the tick the deadline passes): a file
last modified before the deadline is kept as it is; a file modified since is represented by the last
version prep read before the deadline (its last grade in this session, or else the stub). `submit`
then grades those versions as the on-time work, and grades a file whose content differs from its
deadline version again, copied into `mock/<id>/submitted/late/`, marked late.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from grader.catalog import DIFFICULTIES, Question
from grader.cli import render
from grader.cli.context import (
    UsageError,
    catalog,
    console,
    err_console,
    fail,
    is_interactive,
    missing_requirements,
    open_store,
    usage_errors,
)
from grader.result import GradeResult
from grader.store import MOCK_OPEN, MOCK_SUBMITTED, MockSession, MockVersion, Store
from grader.workspace import Workspace, find_or_create_workspace, find_workspace

if TYPE_CHECKING:
    from grader.engine.launch import WarmWorker

MOCK_DIR = "mock"
SUBMITTED_DIR = "submitted"
LATE_DIR = "late"
DEFAULT_MINUTES = 45
TICK_S = 0.5  # how often `prep mock watch` looks at the files' modification times
REPORT_VERSION = 1
BEFORE_DEADLINE = ("start", "graded")  # the kinds of version read before the deadline

mock_app = typer.Typer(
    name="mock", help="Timed mock interviews: picked questions, a deadline, a graded report.", no_args_is_help=True
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def register(app: typer.Typer) -> None:
    app.add_typer(mock_app)


def now() -> datetime:
    return datetime.now(timezone.utc)


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# --- a session and its files ------------------------------------------------------------------------
@dataclass(frozen=True)
class Session:
    workspace: Workspace
    record: MockSession

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def folder(self) -> Path:
        return self.workspace.root / self.record.folder

    @property
    def questions(self) -> list[Question]:
        cat = catalog()
        return [cat.get(n) for n in self.record.questions]

    def path(self, q: Question) -> Path:
        return self.folder / f"{q.stem}.py"

    def submitted_path(self, q: Question, late: bool) -> Path:
        return self.folder / SUBMITTED_DIR / (LATE_DIR if late else "") / f"{q.stem}.py"

    def seconds_left(self, at: datetime) -> float:
        return (self.record.deadline - at).total_seconds()

    def shown(self, path: Path) -> str:
        """A path as the report stores it: relative to the workspace."""
        return str(path.relative_to(self.workspace.root))


def _read(path: Path, kind: str, question: int, at: datetime) -> MockVersion | None:
    """The file as a version; its modification time is read after its content, so a save in between makes
    the version look newer, never older."""
    try:
        content = path.read_bytes()
        saved = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    except OSError:
        return None
    return MockVersion(question, kind, at, saved, _sha256(content), content)


def _latest(versions: list[MockVersion], question: int, kinds: tuple[str, ...]) -> MockVersion | None:
    return next((v for v in reversed(versions) if v.question == question and v.kind in kinds), None)


def _as(version: MockVersion, kind: str, at: datetime, **changes: object) -> MockVersion:
    return MockVersion(**{**version.__dict__, "kind": kind, "taken_at": at, **changes})


def _deadline_versions(session: Session, versions: list[MockVersion], at: datetime) -> list[MockVersion]:
    """Each file as it was at the deadline: as it is now if not modified since, else the last version read
    before the deadline."""
    deadline = session.record.deadline
    kept = []
    for q in session.questions:
        current = _read(session.path(q), "deadline", q.number, at)
        if current is not None and current.saved_at <= deadline:
            kept.append(current)
            continue
        before = [v for v in versions if v.kind in BEFORE_DEADLINE and v.taken_at <= deadline]
        last = _latest(before, q.number, BEFORE_DEADLINE) or _latest(versions, q.number, ("start",))
        kept.append(_as(last, "deadline", at, score=None, verdict=None))
    return kept


def _freeze(store: Store, session: Session, at: datetime) -> list[MockVersion]:
    """The deadline versions, kept by the first call that sees the deadline passed."""
    versions = store.mock_versions(session.id)
    if not any(v.kind == "deadline" for v in versions):
        store.freeze_mock(session.id, at, _deadline_versions(session, versions, at))
        versions = store.mock_versions(session.id)
    return [v for v in versions if v.kind == "deadline"]


# --- grading --------------------------------------------------------------------------------------
@contextlib.contextmanager
def _worker(grades: int) -> Iterator[WarmWorker | None]:
    """A warm worker when several grades are coming (torch is imported once); none for a single grade."""
    if grades < 2:
        yield None
        return
    from grader.engine.launch import WarmWorker

    with WarmWorker() as worker:
        yield worker


def _grade(session: Session, items: list[tuple[Question, Path]], warm: WarmWorker | None) -> list[GradeResult]:
    from grader.cli.grading import grade_and_record

    return [grade_and_record(q, path, session.workspace, record=True, warm=warm) for q, path in items]


def _edited(store: Store, session: Session, questions: list[Question]) -> list[tuple[Question, MockVersion]]:
    """The files whose content differs from the last version of them read in this session (at first, the stub)."""
    versions = store.mock_versions(session.id)
    edited = []
    for q in questions:
        current = _read(session.path(q), "graded", q.number, now())
        last = _latest(versions, q.number, BEFORE_DEADLINE)
        if current is not None and (last is None or last.sha256 != current.sha256):
            edited.append((q, current))
    return edited


def _grade_edited(
    store: Store, session: Session, edited: list[tuple[Question, MockVersion]], warm: WarmWorker | None
) -> dict[int, GradeResult]:
    """Grade the edited files where they are, and keep each graded version (with its score) in the session."""
    from grader.engine.attempt import AttemptError

    results: dict[int, GradeResult] = {}
    graded = []
    for q, version in edited:
        try:
            (result,) = _grade(session, [(q, session.path(q))], warm)
        except AttemptError:
            continue  # removed meanwhile
        results[q.number] = result
        if result.file_sha256 == version.sha256:  # else saved again while graded: the next look grades it
            graded.append(_as(version, "graded", version.taken_at, score=result.score, verdict=result.verdict))
    store.record_mock_versions(session.id, graded)
    return results


def _submit(store: Store, session: Session, warm: WarmWorker | None = None) -> dict:
    """Freeze, copy, grade and store the report; the files are all copied before the first grade."""
    at = now()
    versions = store.mock_versions(session.id)
    if at < session.record.deadline:
        on_time = {}
        for q in session.questions:
            current = _read(session.path(q), "submitted", q.number, at)
            fallback = _latest(versions, q.number, BEFORE_DEADLINE)
            on_time[q.number] = current or _as(fallback, "submitted", at, score=None, verdict=None)
        late: dict[int, MockVersion] = {}
    else:
        on_time = {v.question: _as(v, "submitted", at) for v in _freeze(store, session, at)}
        late = {}
        for q in session.questions:
            current = _read(session.path(q), "late", q.number, at)
            if current is not None and current.sha256 != on_time[q.number].sha256:
                late[q.number] = current
    jobs = [(q, False, on_time[q.number]) for q in session.questions]
    jobs += [(q, True, late[q.number]) for q in session.questions if q.number in late]
    for q, is_late, version in jobs:
        target = session.submitted_path(q, is_late)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(version.content)
    with contextlib.nullcontext(warm) if warm else _worker(len(jobs)) as worker:
        results = _grade(session, [(q, session.submitted_path(q, is_late)) for q, is_late, _ in jobs], worker)
    graded = {(q.number, is_late): r for (q, is_late, _), r in zip(jobs, results, strict=True)}
    report = _report(store, session, at, on_time, graded)
    kept = [_as(v, v.kind, at, score=graded[(v.question, v.kind == "late")].score,
                verdict=graded[(v.question, v.kind == "late")].verdict)
            for v in [*on_time.values(), *late.values()]]  # fmt: skip
    if not store.finish_mock(session.id, at, report, kept):
        raise UsageError(f"mock interview #{session.id} was submitted or abandoned meanwhile")
    return report


# --- the report -----------------------------------------------------------------------------------
def _graded_entry(result: GradeResult) -> dict:
    summary = render.summarize(result)
    return {
        "score": result.score, "verdict": result.verdict, "points": summary.total, "earned": summary.earned,
        "untested_points": summary.untested, "failed_checks": [c.name for c in result.checks if not c.passed],
        "outcome": render.outcome_line(result),
    }  # fmt: skip


def _first_pass_s(
    session: Session, versions: list[MockVersion], on_time: MockVersion, result: GradeResult
) -> float | None:
    """Seconds from the start to the save of the first version that passed (graded on the way, or submitted)."""
    passing = [v for v in versions if v.kind == "graded" and v.verdict == "passed" and v.score == 1.0]
    times = [v.saved_at for v in passing if v.question == on_time.question]
    if result.passed and result.score == 1.0:
        times.append(on_time.saved_at)
    if not times:
        return None
    return round(max((min(times) - session.record.started_at).total_seconds(), 0.0), 1)


def _report(
    store: Store, session: Session, at: datetime, on_time: dict[int, MockVersion], graded: dict[tuple, GradeResult]
) -> dict:
    versions = store.mock_versions(session.id)
    events = store.mock_events(session.id)
    earlier = [m for m in store.mocks() if m.state == MOCK_SUBMITTED and m.report and m.id != session.id]
    questions = []
    for q in session.questions:
        result, late = graded[(q.number, False)], graded.get((q.number, True))
        frozen = on_time[q.number]
        entry = {
            "number": q.number, "slug": q.slug, "title": q.title, "file": session.shown(session.path(q)),
            "graded_file": session.shown(session.submitted_path(q, False)), **_graded_entry(result),
            "late": late is not None, "late_score": None, "late_verdict": None, "late_outcome": None,
            "hints": events.get(q.number, {}).get("hint", 0),
            "solution_revealed": bool(events.get(q.number, {}).get("solution")),
            "first_pass_s": _first_pass_s(session, versions, frozen, result),
            "on_time_saved_at": frozen.saved_at.isoformat(),
            "earlier_best": max((e["score"] for m in earlier for e in m.report["questions"] if e["number"] == q.number),
                                default=None),
        }  # fmt: skip
        if late is not None:
            entry.update(late_score=late.score, late_verdict=late.verdict, late_outcome=render.outcome_line(late),
                         late_file=session.shown(session.submitted_path(q, True)))  # fmt: skip
        questions.append(entry)
    score = sum(e["score"] for e in questions) / len(questions)
    late_score = sum(e["late_score"] if e["late"] else e["score"] for e in questions) / len(questions)
    used = min(at, session.record.deadline) - session.record.started_at
    totals = {
        "score": round(score, 4), "late_score": round(late_score, 4), "questions": len(questions),
        "passed": sum(e["verdict"] == "passed" and e["score"] == 1.0 for e in questions),
        "late": sum(e["late"] for e in questions), "hints": sum(e["hints"] for e in questions),
        "solutions_revealed": sum(e["solution_revealed"] for e in questions),
        "time_used_s": round(max(used.total_seconds(), 0.0), 1),
    }  # fmt: skip
    return {
        "session": session.id, "started_at": session.record.started_at.isoformat(),
        "deadline": session.record.deadline.isoformat(), "submitted_at": at.isoformat(),
        "minutes": session.record.minutes, "seed": session.record.seed, "folder": session.record.folder,
        "questions": questions, "totals": totals, "compared": _compared(earlier, score), "version": REPORT_VERSION,
    }  # fmt: skip


def _compared(earlier: list[MockSession], score: float) -> dict:
    if not earlier:
        return {"sessions": 0}
    scores = [(m.id, m.report["totals"]["score"]) for m in earlier]
    best = max(scores, key=lambda s: s[1])
    last = scores[-1]
    return {
        "sessions": len(scores), "best": {"session": best[0], "score": best[1]},
        "last": {"session": last[0], "score": last[1]},
        "average": round(sum(s for _, s in scores) / len(scores), 4), "change_from_last": round(score - last[1], 4),
    }  # fmt: skip


# --- status ---------------------------------------------------------------------------------------
def _status(store: Store, session: Session, at: datetime, graded: dict[int, GradeResult]) -> dict:
    versions = store.mock_versions(session.id)
    events = store.mock_events(session.id)
    questions = []
    for q in session.questions:
        mine = [v for v in versions if v.question == q.number and v.kind == "graded"]
        current = _read(session.path(q), "graded", q.number, at)
        last = _latest(versions, q.number, BEFORE_DEADLINE)
        start = _latest(versions, q.number, ("start",))
        result = graded.get(q.number)
        questions.append({
            "number": q.number, "slug": q.slug, "title": q.title, "minutes": q.minutes,
            "file": session.shown(session.path(q)), "exists": current is not None,
            "best_score": max((v.score for v in mine), default=None),
            "last_score": mine[-1].score if mine else None, "grades": len(mine),
            "changed": current is not None and last is not None and current.sha256 != last.sha256,
            "untouched": current is not None and current.sha256 == start.sha256,
            "outcome": render.outcome_line(result) if result else None,
            "hints": events.get(q.number, {}).get("hint", 0),
            "solution_revealed": bool(events.get(q.number, {}).get("solution")),
        })  # fmt: skip
    left = session.seconds_left(at)
    return {
        "session": session.id, "started_at": session.record.started_at.isoformat(),
        "deadline": session.record.deadline.isoformat(), "seconds_left": round(max(left, 0.0), 1),
        "past_deadline": left <= 0, "folder": session.record.folder, "questions": questions,
    }  # fmt: skip


def _open_session(store: Store, workspace: Workspace) -> Session:
    record = store.open_mock()
    if record is None:
        last = next((m for m in reversed(store.mocks()) if m.state == MOCK_SUBMITTED), None)
        after = f" (the last one, #{last.id}, was submitted: `prep mock show {last.id}`)" if last else ""
        raise UsageError(f"no mock interview is running{after}: start one with `prep mock start`")
    return Session(workspace, record)


def _check_and_status(store: Store, session: Session, grade: bool) -> dict:
    """Grade what changed (before the deadline) or keep the files as they were at it (after)."""
    at = now()
    graded: dict[int, GradeResult] = {}
    if session.seconds_left(at) <= 0:
        _freeze(store, session, at)
    elif grade:
        edited = _edited(store, session, session.questions)
        with _worker(len(edited)) as warm:
            graded = _grade_edited(store, session, edited, warm)
    return _status(store, session, now(), graded)


# --- picking questions ----------------------------------------------------------------------------
def pick(pool: list[Question], passed: set[int], minutes: int, count: int | None, seed: int) -> list[Question]:
    """A seeded mix, unpassed questions first, whose catalog minutes fit `minutes`; with `count`, that many
    (the shortest of the rest fill up when they cannot all fit), in question order."""
    rng = random.Random(seed)
    fresh, done = [q for q in pool if q.number not in passed], [q for q in pool if q.number in passed]
    rng.shuffle(fresh)
    rng.shuffle(done)
    order = fresh + done
    chosen: list[Question] = []
    left = minutes
    for q in order:
        if count is not None and len(chosen) == count:
            break
        if q.minutes <= left:
            chosen.append(q)
            left -= q.minutes
    wanted = count if count is not None else 1
    if len(chosen) < wanted:
        rest = sorted((q for q in order if q not in chosen), key=lambda q: q.minutes)
        chosen += rest[: wanted - len(chosen)]
    return sorted(chosen, key=lambda q: q.number)


def _pool(section: str | None, difficulty: str | None, topic: str | None) -> list[Question]:
    cat = catalog()
    pool = cat.in_section(section) if section else list(cat.questions)
    if difficulty is not None and difficulty not in DIFFICULTIES:
        raise UsageError(f"unknown difficulty {difficulty!r}: choose one of {', '.join(DIFFICULTIES)}")
    if topic is not None:
        tags = sorted({t for q in cat.questions for t in q.tags})
        if topic.lower() not in tags:
            raise UsageError(f"unknown topic {topic!r}: choose one of {', '.join(tags)}")
    pool = [
        q for q in pool
        if q.available and not missing_requirements(q) and difficulty in (None, q.difficulty)
        and (topic is None or topic.lower() in q.tags)
    ]  # fmt: skip
    if not pool:
        raise UsageError("no available question matches these options (`prep list` shows what has landed)")
    return pool


def _folder_for(workspace: Workspace) -> Callable[[int], str]:
    def folder(number: int) -> str:
        name, n = f"{MOCK_DIR}/{number}", 1
        while (workspace.root / name).exists():  # never reuse a folder an earlier database left behind
            name, n = f"{MOCK_DIR}/{number}-{n}", n + 1
        return name

    return folder


def _settle_open(store: Store, yes: bool, at: datetime) -> MockSession | None:
    """With a session open: abandon it (--yes, or when asked), or return it to resume."""
    record = store.open_mock()
    if record is None:
        return None
    left = (record.deadline - at).total_seconds()
    what = f"mock interview #{record.id} is open ({render.clock(left)} left)" if left > 0 else (
        f"mock interview #{record.id} is past its deadline and not submitted")  # fmt: skip
    if not yes:
        if not is_interactive():
            fail(f"{what}: `prep mock status` resumes it; add --yes to abandon it and start a new one")
        question = f"{what[0].upper()}{what[1:]}. Resume or abandon it? [resume/abandon]"
        while (choice := typer.prompt(question, default="resume", show_default=False).strip().lower()) not in (
            "resume", "abandon", "r", "a"
        ):  # fmt: skip
            console.print("Answer resume or abandon.")
        if choice in ("resume", "r"):
            return record
    store.finish_mock(record.id, at, None)
    err_console.print(f"Mock interview #{record.id} abandoned.", markup=False)
    return None


# --- commands -------------------------------------------------------------------------------------
@mock_app.command("start")
@usage_errors
def start(
    minutes: Annotated[int, typer.Option(min=1, help="Length of the interview in minutes.")] = DEFAULT_MINUTES,
    count: Annotated[
        int | None, typer.Option(min=1, help="Number of questions (default: as many as fit the minutes).")
    ] = None,
    section: Annotated[str | None, typer.Option(help="Only questions of this section, e.g. 01_basics.")] = None,
    difficulty: Annotated[str | None, typer.Option(help="Only easy, medium or hard questions.")] = None,
    topic: Annotated[str | None, typer.Option(help="Only questions with this tag, e.g. autograd.")] = None,
    seed: Annotated[int | None, typer.Option(help="Seed of the pick (default: random; printed to replay).")] = None,
    live: Annotated[bool, typer.Option("--live", help="Then show the live view (as `prep mock watch`).")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Abandon an open session without asking.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Start a timed mock interview: pick questions, copy their stubs into a session folder, set the deadline."""
    pool = _pool(section, difficulty, topic)
    workspace, created = find_or_create_workspace()
    if created and not as_json:
        console.print(f"Created a workspace in {render.relative(workspace.root)} (progress in .prep/)", markup=False)
    with open_store(workspace) as store:
        resumed = _settle_open(store, yes, now())
        if resumed is not None:
            session = Session(workspace, resumed)
        else:
            seed = secrets.randbelow(1_000_000) if seed is None else seed
            passed = {n for n, s in store.stats().items() if s.passed}
            chosen = pick(pool, passed, minutes, count, seed)
            at = now()
            stubs = {q.number: q.exercise_path.read_bytes() for q in chosen}
            try:
                record = store.start_mock(at, at + timedelta(minutes=minutes), seed, stubs, _folder_for(workspace))
            except sqlite3.IntegrityError:
                raise UsageError("another mock interview was started meanwhile: `prep mock status`") from None
            session = Session(workspace, record)
            for q in chosen:
                session.folder.mkdir(parents=True, exist_ok=True)
                session.path(q).write_bytes(stubs[q.number])
        plan = _plan(session)
    if as_json:
        typer.echo(json.dumps(plan, ensure_ascii=False))
    else:
        render.mock_plan(plan, workspace.root, resumed=resumed is not None)
    if live:
        _watch(workspace, session.id, once=False, as_json=as_json)


def _plan(session: Session) -> dict:
    questions = [
        {"number": q.number, "slug": q.slug, "title": q.title, "difficulty": q.difficulty, "minutes": q.minutes,
         "file": session.shown(session.path(q))}
        for q in session.questions
    ]  # fmt: skip
    return {
        "session": session.id, "started_at": session.record.started_at.isoformat(),
        "deadline": session.record.deadline.isoformat(), "minutes": session.record.minutes,
        "seed": session.record.seed, "folder": session.record.folder, "questions": questions,
    }  # fmt: skip


@mock_app.command("status")
@usage_errors
def status(
    no_grade: Annotated[bool, typer.Option("--no-grade", help="Do not grade the files edited since.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Time left and each question's best score so far (grades the files edited since their last grade)."""
    workspace = find_workspace()
    with open_store(workspace) as store:
        session = _open_session(store, workspace)
        data = _check_and_status(store, session, grade=not no_grade)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        console.print(render.mock_view(data, workspace.root))


@mock_app.command("submit")
@usage_errors
def submit(as_json: JsonOption = False) -> None:
    """Grade the session's files (as they were at the deadline if it has passed) and print the report."""
    workspace = find_workspace()
    with open_store(workspace) as store:
        session = _open_session(store, workspace)
        report = _submit(store, session)
    _show_report(report, workspace, as_json)


def _show_report(report: dict, workspace: Workspace, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False))
    else:
        render.mock_report(report, workspace.root)


@mock_app.command("history")
@usage_errors
def history(as_json: JsonOption = False) -> None:
    """Past and open sessions: when, how long, which questions, the score."""
    workspace = find_workspace()
    with open_store(workspace) as store:
        rows = [
            {"session": m.id, "started_at": m.started_at.isoformat(), "minutes": m.minutes, "state": m.state,
             "questions": list(m.questions), "score": m.report["totals"]["score"] if m.report else None,
             "late_score": m.report["totals"]["late_score"] if m.report else None}
            for m in store.mocks()
        ]  # fmt: skip
    if as_json:
        typer.echo(json.dumps(rows))
    else:
        render.mock_history(rows)


@mock_app.command("show")
@usage_errors
def show(
    session: Annotated[int | None, typer.Argument(help="Session id (default: the last submitted).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Reprint a submitted session's report."""
    workspace = find_workspace()
    with open_store(workspace) as store:
        mocks = store.mocks()
    submitted = [m for m in mocks if m.report]
    if session is None:
        if not submitted:
            raise UsageError("no mock interview has been submitted yet")
        record = submitted[-1]
    else:
        record = next((m for m in mocks if m.id == session), None)
        if record is None:
            raise UsageError(f"no mock interview #{session}: `prep mock history` lists them")
        if record.report is None:
            why = "is still running: `prep mock status`" if record.state == MOCK_OPEN else "was abandoned: no report"
            raise UsageError(f"mock interview #{session} {why}")
    _show_report(record.report, workspace, as_json)


@mock_app.command("watch")
@usage_errors
def watch(
    once: Annotated[
        bool, typer.Option("--once", help="Look once (grade what changed, show the view) and exit.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON line per change, then the report.")] = False,
) -> None:
    """Live countdown and scores: re-grades each file on save and submits at the deadline."""
    workspace = find_workspace()
    with open_store(workspace) as store:
        session = _open_session(store, workspace)
    _watch(workspace, session.id, once=once, as_json=as_json)


def _watch(workspace: Workspace, number: int, once: bool, as_json: bool) -> None:
    try:
        watch_loop(workspace, number, once=once, as_json=as_json)
    except KeyboardInterrupt:
        console.print(f"Stopped watching; mock interview #{number} is still open: `prep mock watch` resumes.")


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def watch_loop(
    workspace: Workspace,
    number: int,
    *,
    once: bool = False,
    as_json: bool = False,
    interval: float = TICK_S,
    sleep: Callable[[float], None] = time.sleep,
) -> dict | None:
    """Each tick: submit if the deadline has passed, else grade the files whose modification time changed
    (polled: a handful of files, no watcher needed) and redraw. Returns the report once submitted.
    The warm worker starts with the first grade, so the view shows at once."""
    seen: dict[int, tuple | None] = {}
    warm: WarmWorker | None = None
    with contextlib.ExitStack() as stack:
        live = None
        if not (once or as_json) and console.is_terminal:
            from rich.live import Live

            live = stack.enter_context(Live(console=console, auto_refresh=False))
        first = True
        while True:
            with open_store(workspace) as store:
                record = store.mock(number)
                if record is None or record.state != MOCK_OPEN:
                    console.print(f"Mock interview #{number} is no longer open.", markup=False)
                    return None
                session = Session(workspace, record)
                if session.seconds_left(now()) <= 0:
                    report = _submit(store, session, warm)
                    stack.close()
                    _show_report(report, workspace, as_json)
                    return report
                changed = [q for q in session.questions if _stat(session.path(q)) != seen.get(q.number, ())]
                for q in changed:
                    seen[q.number] = _stat(session.path(q))
                edited = _edited(store, session, changed)
                if edited and warm is None:
                    warm = stack.enter_context(_worker(2))
                graded = _grade_edited(store, session, edited, warm)
                data = _status(store, session, now(), graded)
            if as_json and (graded or first):
                typer.echo(json.dumps(data, ensure_ascii=False))
            elif live is not None:
                live.update(render.mock_view(data, workspace.root), refresh=True)
            elif not as_json and (graded or first):
                console.print(render.mock_view(data, workspace.root))
            if once:
                return None
            first = False
            sleep(interval)
