"""Progress in SQLite (`.prep/state.db`): attempts, hints, reveals, starts, mock interviews, find-the-bug exercises.

Every write is one transaction (a crash or kill -9 leaves the database as it was); WAL mode and a busy
timeout let two `prep grade` runs record at once; `PRAGMA user_version` holds the schema version and
`MIGRATIONS` upgrade older databases in place, keeping their progress. A file that is not ours, or is
damaged, is reported (`StateError`), never silently replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from grader.result import GradeResult

APPLICATION_ID = 0x70726570  # "prep"
SQLITE_MAGIC = b"SQLite format 3\x00"

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        question INTEGER NOT NULL,
        graded_at TEXT NOT NULL,
        score REAL NOT NULL,
        verdict TEXT NOT NULL,
        duration_s REAL NOT NULL,
        file_path TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,
        checks_json TEXT NOT NULL
    );
    CREATE INDEX attempts_by_question ON attempts (question);
    CREATE TABLE hints (question INTEGER NOT NULL, level INTEGER NOT NULL, shown_at TEXT NOT NULL,
                        PRIMARY KEY (question, level));
    CREATE TABLE reveals (question INTEGER PRIMARY KEY, revealed_at TEXT NOT NULL);
    """,
    # 2: when each question was started (time spent), and the verdict's notes
    """
    CREATE TABLE starts (question INTEGER PRIMARY KEY, started_at TEXT NOT NULL);
    ALTER TABLE attempts ADD COLUMN notes_json TEXT NOT NULL DEFAULT '[]';
    """,
    # 3: timed mock interviews: sessions, their questions, versions of the files (at the start, when graded,
    # at the deadline, submitted, late) and the hints and solutions seen during a session
    """
    CREATE TABLE mock_sessions (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        deadline TEXT NOT NULL,
        minutes INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        folder TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'open',
        frozen_at TEXT,
        ended_at TEXT,
        report_json TEXT
    );
    CREATE UNIQUE INDEX one_open_mock ON mock_sessions (state) WHERE state = 'open';
    CREATE TABLE mock_questions (session INTEGER NOT NULL, position INTEGER NOT NULL, question INTEGER NOT NULL,
                                 PRIMARY KEY (session, question));
    CREATE TABLE mock_versions (
        id INTEGER PRIMARY KEY,
        session INTEGER NOT NULL,
        question INTEGER NOT NULL,
        kind TEXT NOT NULL,
        taken_at TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        content BLOB NOT NULL,
        score REAL,
        verdict TEXT
    );
    CREATE INDEX mock_versions_by_session ON mock_versions (session, question);
    CREATE TABLE mock_events (session INTEGER NOT NULL, question INTEGER NOT NULL, kind TEXT NOT NULL,
                              level INTEGER NOT NULL, at TEXT NOT NULL, PRIMARY KEY (session, question, kind, level));
    """,
    # 4: find-the-bug exercises (a question's wrong attempt handed out to fix), their grades and hints, apart
    # from the questions' own progress
    """
    CREATE TABLE debug_exercises (
        id INTEGER PRIMARY KEY,
        question INTEGER NOT NULL,
        source TEXT NOT NULL,
        file TEXT NOT NULL UNIQUE,
        handed_out_at TEXT NOT NULL,
        UNIQUE (question, source)
    );
    CREATE TABLE debug_attempts (
        id INTEGER PRIMARY KEY,
        exercise INTEGER NOT NULL,
        graded_at TEXT NOT NULL,
        score REAL NOT NULL,
        verdict TEXT NOT NULL,
        duration_s REAL NOT NULL,
        file_sha256 TEXT NOT NULL,
        checks_json TEXT NOT NULL
    );
    CREATE INDEX debug_attempts_by_exercise ON debug_attempts (exercise);
    CREATE TABLE debug_hints (exercise INTEGER NOT NULL, level INTEGER NOT NULL, shown_at TEXT NOT NULL,
                              PRIMARY KEY (exercise, level));
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class StateError(Exception):
    """The progress database cannot be used as it is (damaged, foreign, or from a newer prep)."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class QuestionStats:
    question: int
    attempts: int = 0
    best_score: float | None = None
    passed: bool = False
    revealed: bool = False
    hints_used: int = 0
    started_at: str | None = None
    first_passed_at: str | None = None
    last_graded_at: str | None = None

    @property
    def time_spent_s(self) -> float:
        """From the start (stub copied) to the first pass, or to the last grade while unpassed."""
        end = self.first_passed_at or self.last_graded_at
        if not (self.started_at and end):
            return 0.0
        return max((datetime.fromisoformat(end) - datetime.fromisoformat(self.started_at)).total_seconds(), 0.0)


MOCK_OPEN, MOCK_SUBMITTED, MOCK_ABANDONED = "open", "submitted", "abandoned"


@dataclass(frozen=True)
class MockSession:
    """A timed mock interview; `folder` is relative to the workspace root, times are UTC."""

    id: int
    started_at: datetime
    deadline: datetime
    minutes: int
    seed: int
    folder: str
    questions: tuple[int, ...]
    state: str = MOCK_OPEN
    frozen_at: datetime | None = None  # when the files as they were at the deadline were kept
    ended_at: datetime | None = None
    report: dict | None = None


@dataclass(frozen=True)
class MockVersion:
    """One version of a session's file: kind `start` (the stub), `graded` (graded during the session),
    `deadline` (as it was at the deadline), `submitted` or `late` (graded at submit)."""

    question: int
    kind: str
    taken_at: datetime
    saved_at: datetime  # the file's modification time when it was read
    sha256: str
    content: bytes
    score: float | None = None
    verdict: str | None = None


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


@dataclass(frozen=True)
class DebugExercise:
    """A find-the-bug exercise handed out: `source` names the wrong attempt it was made from, `file` is the
    learner's copy relative to the workspace root; solved once a grade of it passed."""

    id: int
    question: int
    source: str
    file: str
    handed_out_at: str
    attempts: int = 0
    best_score: float | None = None
    solved_at: str | None = None
    hints_used: int = 0

    @property
    def solved(self) -> bool:
        return self.solved_at is not None


@dataclass(frozen=True)
class Health:
    schema: int
    attempts: int
    integrity: str


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._check_file()
        try:
            self.conn = sqlite3.connect(path, timeout=30.0, isolation_level=None)
            self.conn.execute("PRAGMA busy_timeout = 30000")
            self._migrate()
        except sqlite3.DatabaseError as err:
            raise self._damaged(str(err)) from None

    # --- opening and migrating ----------------------------------------------------------------
    def _damaged(self, why: str) -> StateError:
        return StateError(
            f"the progress database {self.path} is damaged or not prep's ({why}); "
            "run `prep doctor --move-aside` to set it aside and start fresh"
        )

    def _check_file(self) -> None:
        if self.path.exists() and self.path.stat().st_size > 0:
            with open(self.path, "rb") as f:
                if f.read(16) != SQLITE_MAGIC:
                    raise self._damaged("not an SQLite file")

    def _migrate(self) -> None:
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != APPLICATION_ID and (app_id or tables):
            raise self._damaged("it belongs to another program")
        if version > SCHEMA_VERSION:
            raise StateError(f"the progress database {self.path} is from a newer prep (schema {version}); upgrade prep")
        if version < SCHEMA_VERSION:
            with self.transaction():
                for script in MIGRATIONS[version:]:
                    for statement in filter(str.strip, script.split(";")):
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self.conn.execute("PRAGMA journal_mode = WAL")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    # --- writes --------------------------------------------------------------------------------
    def record_grade(self, result: GradeResult) -> None:
        checks = json.dumps(
            [{"name": c.name, "kind": c.kind, "points": c.points, "passed": c.passed} for c in result.checks]
        )
        with self.transaction() as db:
            db.execute(
                "INSERT INTO attempts (question, graded_at, score, verdict, duration_s, file_path, file_sha256, "
                "checks_json, notes_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (result.question, _now(), result.score, result.verdict, result.duration_s, result.file,
                 result.file_sha256, checks, json.dumps(result.notes)),
            )  # fmt: skip
            db.execute("INSERT OR IGNORE INTO starts (question, started_at) VALUES (?, ?)", (result.question, _now()))

    def record_start(self, question: int) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO starts (question, started_at) VALUES (?, ?)", (question, _now()))
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('current', ?)", (str(question),))
            db.execute("DELETE FROM meta WHERE key = 'current_debug'")

    def record_hint(self, question: int, level: int) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO hints (question, level, shown_at) VALUES (?, ?, ?)", (question, level, _now())
            )

    def record_reveal(self, question: int) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO reveals (question, revealed_at) VALUES (?, ?)", (question, _now()))

    def reset(self, question: int) -> None:
        with self.transaction() as db:
            for table in ("attempts", "hints", "reveals", "starts"):
                db.execute(f"DELETE FROM {table} WHERE question = ?", (question,))

    # --- find-the-bug exercises ---------------------------------------------------------------
    def start_debug(self, question: int, source: str, file: Callable[[int], str]) -> DebugExercise:
        """Hand out (or resume) the exercise made from `source`, now the current exercise; a new one's file is
        chosen from how many of the question's exercises came before it (1, 2, ...)."""
        with self.transaction() as db:
            (count,) = db.execute("SELECT count(*) FROM debug_exercises WHERE question = ?", (question,)).fetchone()
            db.execute(
                "INSERT OR IGNORE INTO debug_exercises (question, source, file, handed_out_at) VALUES (?, ?, ?, ?)",
                (question, source, file(count + 1), _now()),
            )
            (number,) = db.execute(
                "SELECT id FROM debug_exercises WHERE question = ? AND source = ?", (question, source)
            ).fetchone()
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('current', ?)", (str(question),))
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('current_debug', ?)", (str(number),))
        return self.debug_exercise(number)

    def record_debug_grade(self, exercise: int, result: GradeResult) -> None:
        checks = json.dumps([{"name": c.name, "passed": c.passed} for c in result.checks])
        with self.transaction() as db:
            db.execute(
                "INSERT INTO debug_attempts (exercise, graded_at, score, verdict, duration_s, file_sha256, "
                "checks_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (exercise, _now(), result.score, result.verdict, result.duration_s, result.file_sha256, checks),
            )

    def record_debug_hint(self, exercise: int, level: int) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO debug_hints VALUES (?, ?, ?)", (exercise, level, _now()))

    def current_debug(self) -> int | None:
        """The exercise handed out last, until `prep next` or `prep start` makes a question current again."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'current_debug'").fetchone()
        return int(row[0]) if row else None

    def debug_exercises(self) -> list[DebugExercise]:
        """Every exercise handed out, in order, with its grades and hints summed up."""
        return self._debug_rows()

    def _debug_rows(self, where: str = "", args: tuple = ()) -> list[DebugExercise]:
        rows = self.conn.execute(
            "SELECT e.id, e.question, e.source, e.file, e.handed_out_at, "
            "(SELECT count(*) FROM debug_attempts a WHERE a.exercise = e.id), "
            "(SELECT max(score) FROM debug_attempts a WHERE a.exercise = e.id), "
            "(SELECT min(graded_at) FROM debug_attempts a WHERE a.exercise = e.id AND a.verdict = 'passed'), "
            "(SELECT count(*) FROM debug_hints h WHERE h.exercise = e.id) "
            f"FROM debug_exercises e {where} ORDER BY e.id",
            args,
        )
        return [DebugExercise(*row) for row in rows]

    def debug_exercise(self, exercise: int) -> DebugExercise | None:
        found = self._debug_rows("WHERE e.id = ?", (exercise,))
        return found[0] if found else None

    def debug_exercise_at(self, file: str) -> DebugExercise | None:
        """The exercise whose copy is `file` (relative to the workspace root)."""
        found = self._debug_rows("WHERE e.file = ?", (file,))
        return found[0] if found else None

    # --- mock interviews ----------------------------------------------------------------------
    def start_mock(
        self, started_at: datetime, deadline: datetime, seed: int, stubs: dict[int, bytes], folder: Callable[[int], str]
    ) -> MockSession:
        """A new open session with `stubs` (question -> content, in order) as its `start` versions; the
        folder is chosen from the new id. Raises `sqlite3.IntegrityError` while another session is open."""
        minutes = round((deadline - started_at).total_seconds() / 60)
        with self.transaction() as db:
            (number,) = db.execute("SELECT coalesce(max(id), 0) + 1 FROM mock_sessions").fetchone()
            db.execute(
                "INSERT INTO mock_sessions (id, started_at, deadline, minutes, seed, folder) VALUES (?, ?, ?, ?, ?, ?)",
                (number, _iso(started_at), _iso(deadline), minutes, seed, folder(number)),
            )
            for position, (question, content) in enumerate(stubs.items()):
                db.execute("INSERT INTO mock_questions VALUES (?, ?, ?)", (number, position, question))
                self._insert_version(number, MockVersion(question, "start", started_at, started_at, "", content))
        return self.mock(number)

    def _insert_version(self, session: int, v: MockVersion) -> None:
        self.conn.execute(
            "INSERT INTO mock_versions (session, question, kind, taken_at, saved_at, sha256, content, score, verdict) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (session, v.question, v.kind, _iso(v.taken_at), _iso(v.saved_at), v.sha256 or _sha256(v.content),
             v.content, v.score, v.verdict),
        )  # fmt: skip

    def record_mock_versions(self, session: int, versions: list[MockVersion]) -> None:
        with self.transaction():
            for version in versions:
                self._insert_version(session, version)

    def freeze_mock(self, session: int, at: datetime, versions: list[MockVersion]) -> bool:
        """Keep the files as they were at the deadline, once: False if an earlier call already did."""
        with self.transaction() as db:
            if db.execute("SELECT frozen_at FROM mock_sessions WHERE id = ?", (session,)).fetchone()[0]:
                return False
            for version in versions:
                self._insert_version(session, version)
            db.execute("UPDATE mock_sessions SET frozen_at = ? WHERE id = ?", (_iso(at), session))
        return True

    def finish_mock(self, session: int, at: datetime, report: dict | None, versions: list[MockVersion] = ()) -> bool:
        """Submit (with its report) or abandon (report None) an open session; False if it was not open."""
        state = MOCK_ABANDONED if report is None else MOCK_SUBMITTED
        with self.transaction() as db:
            done = db.execute(
                "UPDATE mock_sessions SET state = ?, ended_at = ?, report_json = ? WHERE id = ? AND state = ?",
                (state, _iso(at), None if report is None else json.dumps(report), session, MOCK_OPEN),
            ).rowcount
            for version in versions if done else ():
                self._insert_version(session, version)
        return bool(done)

    def record_mock_event(self, session: int, question: int, kind: str, level: int, at: datetime) -> None:
        """A hint (`level`) or a solution shown during a session."""
        row = (session, question, kind, level, _iso(at))
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO mock_events VALUES (?, ?, ?, ?, ?)", row)

    def open_mock(self) -> MockSession | None:
        row = self.conn.execute("SELECT id FROM mock_sessions WHERE state = ?", (MOCK_OPEN,)).fetchone()
        return self.mock(row[0]) if row else None

    def mock(self, session: int) -> MockSession | None:
        row = self.conn.execute(
            "SELECT id, started_at, deadline, minutes, seed, folder, state, frozen_at, ended_at, report_json "
            "FROM mock_sessions WHERE id = ?",
            (session,),
        ).fetchone()
        if row is None:
            return None
        questions = tuple(
            q for (q,) in self.conn.execute(
                "SELECT question FROM mock_questions WHERE session = ? ORDER BY position", (session,)
            )
        )  # fmt: skip
        number, started, deadline, minutes, seed, folder, state, frozen, ended, report = row
        return MockSession(
            number, _time(started), _time(deadline), minutes, seed, folder, questions, state, _time(frozen),
            _time(ended), json.loads(report) if report else None,
        )  # fmt: skip

    def mocks(self) -> list[MockSession]:
        return [self.mock(n) for (n,) in self.conn.execute("SELECT id FROM mock_sessions ORDER BY id")]

    def mock_versions(self, session: int) -> list[MockVersion]:
        rows = self.conn.execute(
            "SELECT question, kind, taken_at, saved_at, sha256, content, score, verdict FROM mock_versions "
            "WHERE session = ? ORDER BY id",
            (session,),
        )
        return [MockVersion(q, kind, _time(t), _time(s), sha, bytes(c), score, v)
                for q, kind, t, s, sha, c, score, v in rows]  # fmt: skip

    def mock_events(self, session: int) -> dict[int, dict[str, int]]:
        """question -> {"hint": distinct hint levels shown, "solution": 1 if its solution was shown}."""
        events: dict[int, dict[str, int]] = {}
        for q, kind, n in self.conn.execute(
            "SELECT question, kind, count(*) FROM mock_events WHERE session = ? GROUP BY question, kind", (session,)
        ):
            events.setdefault(q, {})[kind] = n
        return events

    # --- reads ---------------------------------------------------------------------------------
    def current(self) -> int | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'current'").fetchone()
        return int(row[0]) if row else None

    def health(self) -> Health:
        """The schema version, the number of graded attempts and SQLite's integrity check ("ok" when sound)."""
        return Health(
            schema=self.conn.execute("PRAGMA user_version").fetchone()[0],
            attempts=self.conn.execute("SELECT count(*) FROM attempts").fetchone()[0],
            integrity=self.conn.execute("PRAGMA quick_check").fetchone()[0],
        )

    def hints_used(self, question: int) -> int:
        return self.conn.execute("SELECT count(*) FROM hints WHERE question = ?", (question,)).fetchone()[0]

    def stats(self) -> dict[int, QuestionStats]:
        stats: dict[int, QuestionStats] = {}

        def get(q: int) -> QuestionStats:
            return stats.setdefault(q, QuestionStats(q))

        for q, n, best, passed_at, last in self.conn.execute(
            "SELECT question, count(*), max(score), min(CASE WHEN verdict = 'passed' THEN graded_at END), "
            "max(graded_at) FROM attempts GROUP BY question"
        ):
            s = get(q)
            s.attempts, s.best_score, s.first_passed_at, s.last_graded_at = n, best, passed_at, last
            s.passed = passed_at is not None
        for q, n in self.conn.execute("SELECT question, count(*) FROM hints GROUP BY question"):
            get(q).hints_used = n
        for (q,) in self.conn.execute("SELECT question FROM reveals"):
            get(q).revealed = True
        for q, at in self.conn.execute("SELECT question, started_at FROM starts"):
            get(q).started_at = at
        return stats

    def streak(self, today: date | None = None) -> int:
        """Consecutive days, ending today or yesterday, with at least one passing grade."""
        days = {
            datetime.fromisoformat(at).astimezone().date()
            for (at,) in self.conn.execute("SELECT graded_at FROM attempts WHERE verdict = 'passed'")
        }
        day = today or date.today()
        if day not in days:
            day -= timedelta(days=1)
        count = 0
        while day in days:
            count, day = count + 1, day - timedelta(days=1)
        return count

    # --- protection while an attempt runs --------------------------------------------------------
    def _intact(self, tries: int = 10) -> bool:
        for _ in range(tries):
            try:
                self._check_file()
                probe = sqlite3.connect(self.path, timeout=30.0)
                try:
                    ok = probe.execute("PRAGMA quick_check").fetchone()[0] == "ok"
                    ok = ok and probe.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
                finally:
                    probe.close()
                return ok and self.path.exists()
            except sqlite3.OperationalError as error:
                if not _busy(error):
                    return False
                time.sleep(0.2)
            except (StateError, sqlite3.DatabaseError, OSError):
                return False
        return True  # busy all along: another prep holds it, which it could not do with a damaged file

    def backup(self) -> sqlite3.Connection:
        """An in-memory copy taken before a grade, to restore from if the attempt damages the file."""
        copy = sqlite3.connect(":memory:")
        self.conn.backup(copy)
        return copy

    def verify_or_restore(self, backup: sqlite3.Connection) -> bool:
        """After a grade: True if the file is intact; otherwise restore it from `backup` and say False.

        Only damage restores: a database that another `prep` is busy writing to is intact, and restoring
        it would drop what that one recorded.
        """
        if self._intact():
            return True
        self.conn.close()
        move_aside(self.path, "damaged")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(self.path)
        backup.backup(target)
        target.close()
        self.conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        return False


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def move_aside(path: Path, label: str = "aside") -> Path:
    """Rename a damaged or foreign database (and its WAL files) so that prep starts fresh."""
    target = path.with_name(f"{path.name}.{label}-{datetime.now().strftime('%Y%m%d-%H%M%S')}")
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").rename(f"{target}{suffix}")
    return target
