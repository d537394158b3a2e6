"""Shared fixtures: a workspace with some progress in it, and grading through the real CLI; the grading budget
(the slowest questions' self-tests) printed at the end of the run. No grading server unless a test starts one."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from grader.catalog import load_catalog
from grader.cli import app
from grader.dev import budget
from grader.engine import procs
from grader.engine.launch import WarmWorker
from grader.result import GradeResult
from grader.store import Store
from grader.workspace import Workspace

# Grades are cold (or from the `warm` fixture) unless a test starts a grading server itself and stops it
# (tests/test_server.py): no test leaves a server running, and no result depends on one.
os.environ["PREP_NO_SERVER"] = "1"


def pytest_configure(config: pytest.Config) -> None:
    budget.pytest_configure(config)


@dataclass
class CliGrade:
    exit_code: int
    result: GradeResult | None
    stdout: str
    stderr: str
    seconds: float


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """A workspace (PREP_WORKSPACE) whose progress database already holds one graded attempt."""
    ws = Workspace(tmp_path / "ws")
    ws.state_dir.mkdir(parents=True)
    monkeypatch.setenv("PREP_WORKSPACE", str(ws.root))
    store = Store(ws.db_path)
    store.record_grade(GradeResult(1, "tensor_to_numpy", "earlier.py", 1.0, "passed", "", 2.0, file_sha256="ab"))
    store.close()
    return ws


def progress_rows(ws: Workspace) -> int:
    store = Store(ws.db_path)
    try:
        assert store.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        return store.conn.execute("SELECT count(*) FROM attempts").fetchone()[0]
    finally:
        store.close()


def run_cli(*args: str, env: dict[str, str] | None = None) -> CliGrade:
    started = time.monotonic()
    invoked = CliRunner().invoke(app, list(args), env=env)
    seconds = time.monotonic() - started
    result = None
    if args[0] == "grade" and "--json" in args and invoked.exit_code in (0, 1):
        result = GradeResult.from_dict(json.loads(invoked.stdout))
    return CliGrade(invoked.exit_code, result, invoked.stdout, invoked.stderr, seconds)


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


_workers: list[WarmWorker] = []


@pytest.fixture(scope="session")
def warm() -> Iterator[WarmWorker]:
    """One warm worker per test process: grades fork from it instead of importing torch each time."""
    with WarmWorker() as worker:
        _workers.append(worker)
        yield worker


def stray_processes() -> list[int]:
    """Live descendants of this test process other than the warm workers."""
    return [pid for pid in procs.descendants(os.getpid()) if pid not in {w.pid for w in _workers}]
