"""`prep watch`: a real `prep watch` in a terminal (a pty) re-grades on real file changes, redraws in place,
says what changed, restarts a grade the file changed under, and leaves nothing behind on Ctrl-C."""

from __future__ import annotations

import os
import pty
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from grader.catalog import load_catalog
from grader.cli.watch import changes
from grader.engine import procs
from grader.result import CheckResult, GradeResult
from tests.conftest import run_cli

Q2 = load_catalog().get(2)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
WAIT_S = 240  # the first grade imports torch: minutes on a loaded 2-core machine


class Terminal:
    """`prep watch` on a pseudo-terminal, its output read as it comes."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "grader", *args], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env,
            start_new_session=True,
        )  # fmt: skip
        os.close(slave)
        self.master, self.raw = master, b""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 1 << 16)
            except OSError:  # the other side closed
                return
            if not chunk:
                return
            self.raw += chunk

    @property
    def text(self) -> str:
        return ANSI.sub("", self.raw.decode(errors="replace"))

    def wait_for(self, pattern: str, timeout: float = WAIT_S) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found := re.search(pattern, self.text):
                return found
            assert self.proc.poll() is None, f"prep watch exited ({self.proc.returncode}):\n{self.text[-3000:]}"
            time.sleep(0.05)
        raise AssertionError(f"no {pattern!r} within {timeout} s:\n{self.text[-3000:]}")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(timeout=5)
        os.close(self.master)


def save_via_rename(path: Path, content: str) -> None:
    """How vim and many IDEs save: a temporary file next to it, then a rename over it."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(content)
    os.replace(tmp, path)


def saves(term: Terminal) -> list[int]:
    return [int(n) for n in re.findall(r"save #(\d+) graded", term.text)]


def test_watch_regrades_on_save_in_place_and_stops_cleanly(workspace, tmp_path):
    assert run_cli("start", "2").exit_code == 0
    attempt = workspace.attempt_path(Q2)
    env = {**os.environ, "PREP_WORKSPACE": str(workspace.root), "COLUMNS": "120", "LINES": "200", "TERM": "xterm"}
    term = Terminal(["watch", "2"], env)
    try:
        term.wait_for(r"save #1 graded")
        assert "Score 0%" in term.text and "nothing implemented yet" in term.text

        save_via_rename(attempt, Q2.solution_path.read_text())  # one save: temp file + rename
        term.wait_for(r"save #2 graded")
        term.wait_for(r"newly passing: ")
        assert "Score 100%" in term.text
        assert "\x1b[1A" in term.raw.decode(errors="replace") or "\x1b[2K" in term.raw.decode(errors="replace"), (
            "the view was not redrawn in place"
        )
        time.sleep(2)  # the rename, the temporary file, its removal: still one re-grade
        assert max(saves(term)) == 2, saves(term)

        # A save while a grade runs: the slow version is cancelled, the next one graded in its place.
        slow = "import time\ntime.sleep(30)\n" + Q2.solution_path.read_text()
        attempt.write_text(slow)
        term.wait_for(r"grading save #3")
        time.sleep(1.0)
        broken = Q2.solution_path.read_text().replace("def ", "def _unused_", 1)
        save_via_rename(attempt, broken)
        term.wait_for(r"save #4 graded.*restarted")
        assert 3 not in saves(term), "the cancelled grade was shown"
        term.wait_for(r"newly failing: ")

        pids = procs.descendants(term.proc.pid)
        assert pids, "no warm worker behind prep watch"
        term.proc.send_signal(signal.SIGINT)
        assert term.proc.wait(timeout=60) == 0
        term.wait_for(r"Stopped watching\.", timeout=5)
        deadline = time.monotonic() + 10
        while (left := [p for p in pids if procs.alive(p)]) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not left, f"processes left behind: {left}"
    finally:
        term.close()


def test_watch_without_an_attempt_is_a_usage_error(workspace):
    graded = run_cli("watch", "3")
    assert graded.exit_code == 2 and "run `prep start 3` first" in graded.stderr


def _result(passing: dict[str, bool]) -> GradeResult:
    checks = [CheckResult(name, "numerics", 1, ok, "" if ok else "wrong") for name, ok in passing.items()]
    return GradeResult(2, "matmul_transpose", "a.py", 0.5, "failed", "", 0.1, checks=checks)


def test_changes_name_the_newly_passing_and_newly_failing_checks():
    before = _result({"values[a]": False, "values[b]": True, "shape": True, "grad": False})
    after = _result({"values[a]": True, "values[b]": True, "shape": False, "grad": False})
    assert changes(before, after).plain == "newly passing: values · newly failing: shape"
    assert changes(None, after).plain == ""
    assert changes(after, after).plain == "no check changed since the last grade"
