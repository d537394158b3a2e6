"""Progress data: concurrent grades both record, a kill -9 mid-grade loses nothing, damaged or foreign
files are refused (never replaced), migrations keep old progress, and mock interviews keep their invariants."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest

from grader.catalog import load_catalog
from grader.store import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, Health, MockSession, MockVersion, StateError, Store
from tests.conftest import progress_rows, stray_processes

Q1 = load_catalog().get(1)


def prep(*args: str, workspace) -> subprocess.Popen:
    env = {**os.environ, "PREP_WORKSPACE": str(workspace.root)}
    return subprocess.Popen(
        [sys.executable, "-m", "grader", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def test_two_grades_at_once_both_record(workspace):
    attempt = workspace.attempt_path(Q1)
    attempt.parent.mkdir(parents=True)
    attempt.write_bytes(Q1.solution_path.read_bytes())
    runs = [prep("grade", "1", workspace=workspace) for _ in range(2)]
    assert [run.wait(timeout=300) for run in runs] == [0, 0]
    assert progress_rows(workspace) == 3


def test_kill_9_mid_grade_leaves_the_database_as_it_was(workspace):
    attempt = workspace.attempt_path(Q1)
    attempt.parent.mkdir(parents=True)
    attempt.write_text("import time\n\ndef __getattr__(name):\n    return lambda *a, **k: time.sleep(60)\n")
    run = prep("grade", "1", workspace=workspace)
    time.sleep(4)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert progress_rows(workspace) == 1
    deadline = time.monotonic() + 10  # the grading child dies with its parent
    while stray_processes() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not stray_processes()


def test_a_file_that_is_not_sqlite_is_refused_and_kept(tmp_path):
    path = tmp_path / "state.db"
    path.write_bytes(b"\x00garbage" * 64)
    with pytest.raises(StateError, match="move-aside"):
        Store(path)
    assert path.read_bytes() == b"\x00garbage" * 64


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "state.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE invoices (id INTEGER)")
    db.commit()
    db.close()
    with pytest.raises(StateError, match="another program"):
        Store(path)


def test_a_database_from_a_newer_prep_is_refused(tmp_path):
    path = tmp_path / "state.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StateError, match="newer prep"):
        Store(path)


def test_migration_from_schema_1_keeps_progress(tmp_path):
    path = tmp_path / "state.db"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute(
        "INSERT INTO attempts (question, graded_at, score, verdict, duration_s, file_path, file_sha256, checks_json)"
        " VALUES (3, '2026-11-30T10:00:00+00:00', 1.0, 'passed', 1.5, 'a.py', 'ff', '[]')"
    )
    db.execute("INSERT INTO hints VALUES (3, 1, '2026-11-30T09:00:00+00:00')")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    store = Store(path)
    try:
        assert store.health() == Health(schema=SCHEMA_VERSION, attempts=1, integrity="ok")
        stats = store.stats()[3]
        assert stats.passed and stats.hints_used == 1 and stats.best_score == 1.0
        assert store.conn.execute("SELECT notes_json FROM attempts").fetchone()[0] == "[]"
    finally:
        store.close()


def test_a_failed_write_rolls_back(tmp_path):
    store = Store(tmp_path / "state.db")
    try:
        with pytest.raises(RuntimeError), store.transaction() as db:
            db.execute("INSERT INTO hints VALUES (1, 1, 'now')")
            raise RuntimeError("crash mid-write")
        assert store.hints_used(1) == 0
    finally:
        store.close()


def test_restore_after_the_file_is_deleted(workspace):
    store = Store(workspace.db_path)
    try:
        backup = store.backup()
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(f"{workspace.db_path}{suffix}"):
                os.unlink(f"{workspace.db_path}{suffix}")
        assert store.verify_or_restore(backup) is False
    finally:
        store.close()
    assert progress_rows(workspace) == 1


def schema_2_database(path) -> None:
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        db.executescript(script)
    db.execute(
        "INSERT INTO attempts (question, graded_at, score, verdict, duration_s, file_path, file_sha256, checks_json, "
        "notes_json) VALUES (4, '2026-11-30T10:00:00+00:00', 0.5, 'failed', 1.5, 'a.py', 'ff', '[]', '[]')"
    )
    db.execute("INSERT INTO starts VALUES (4, '2026-11-30T09:00:00+00:00')")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()


def test_migration_from_schema_2_keeps_progress_and_adds_mock_interviews(tmp_path):
    path = tmp_path / "state.db"
    schema_2_database(path)
    store = Store(path)
    try:
        assert store.health() == Health(schema=SCHEMA_VERSION, attempts=1, integrity="ok")
        assert store.stats()[4].best_score == 0.5 and store.stats()[4].started_at == "2026-11-30T09:00:00+00:00"
        assert store.open_mock() is None and store.mocks() == []
        at = datetime.now(timezone.utc)
        started = store.start_mock(at, at + timedelta(minutes=30), 7, {4: b"stub 4", 2: b"stub 2"}, lambda n: f"m/{n}")
        assert (started.id, started.minutes, started.questions, started.folder) == (1, 30, (4, 2), "m/1")
        assert [(v.question, v.kind, v.content) for v in store.mock_versions(1)] == [(4, "start", b"stub 4"),
                                                                                  (2, "start", b"stub 2")]  # fmt: skip
    finally:
        store.close()


def mock_store(tmp_path) -> tuple[Store, MockSession, datetime]:
    store = Store(tmp_path / "state.db")
    at = datetime.now(timezone.utc)
    return store, store.start_mock(at, at + timedelta(minutes=5), 1, {1: b"x"}, lambda n: f"mock/{n}"), at


def test_one_mock_session_open_at_a_time(tmp_path):
    store, first, at = mock_store(tmp_path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            store.start_mock(at, at + timedelta(minutes=5), 2, {2: b"y"}, lambda n: f"mock/{n}")
        assert [m.id for m in store.mocks()] == [1]  # the failed start left nothing behind
        assert store.finish_mock(first.id, at, None) and not store.finish_mock(first.id, at, None)
        assert store.mock(first.id).state == "abandoned" and store.open_mock() is None
        second = store.start_mock(at, at + timedelta(minutes=5), 2, {2: b"y"}, lambda n: f"mock/{n}")
        assert store.finish_mock(second.id, at, {"totals": {"score": 0.5}})
        assert store.mock(second.id).report == {"totals": {"score": 0.5}} and store.mock(second.id).state == "submitted"
    finally:
        store.close()


def test_the_deadline_versions_are_kept_once(tmp_path):
    store, session, at = mock_store(tmp_path)
    try:
        kept = MockVersion(1, "deadline", at, at, "", b"at the deadline")
        assert store.freeze_mock(session.id, at, [kept])
        assert not store.freeze_mock(session.id, at, [MockVersion(1, "deadline", at, at, "", b"later")])
        assert [v.content for v in store.mock_versions(session.id) if v.kind == "deadline"] == [b"at the deadline"]
        assert store.mock(session.id).frozen_at is not None
        store.record_mock_event(session.id, 1, "hint", 1, at)
        store.record_mock_event(session.id, 1, "hint", 1, at)  # the same hint twice counts once
        store.record_mock_event(session.id, 1, "solution", 0, at)
        assert store.mock_events(session.id) == {1: {"hint": 1, "solution": 1}}
    finally:
        store.close()
