"""The warm grading server: `prep grade` served warm with the same results as cold, every problem a cold grade,
hostile attempts unable to take it down or change the next grade, and no server left running by a test.

Every test that starts a server stops it (the fixtures), and checks that it is gone."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.catalog import load_catalog
from grader.engine import procs, server
from grader.result import GradeResult
from grader.store import Store
from grader.workspace import Workspace
from tests.conftest import progress_rows, run_cli

CATALOG = load_catalog()
HOSTILE = Path(__file__).parent / "hostile"
READY_S = 240  # a new server imports torch: minutes on a loaded 2-core machine


def wait_ready(state_dir: Path, pid: int | None = None) -> dict:
    deadline = time.monotonic() + READY_S
    while time.monotonic() < deadline:
        info = server.status(state_dir)
        if info and info["ready"] and info["prepared"] and (pid is None or info["pid"] != pid):
            return info
        time.sleep(0.1)
    raise AssertionError(f"no grading server ready in {READY_S} s: {server.Files(state_dir).log.read_text()[-2000:]}")


def is_spare(pid: int, zygotes: set[int]) -> bool:
    """A zygote's spare grading child: its child, still in its session (a grade's child makes its own)."""
    found = procs.stat(pid)
    with contextlib.suppress(ProcessLookupError):
        return found is not None and found[0] in zygotes and os.getsid(pid) == os.getsid(found[0])
    return False


def stop_and_check(state_dir: Path) -> None:
    info = server.status(state_dir)
    server.stop(state_dir)
    assert server.status(state_dir) is None
    assert not server.Files(state_dir).socket.exists()
    if info:
        for pid in (info["pid"], info["worker_pid"], *(z[k] for z in info["prepared"] for k in ("pid", "spare"))):
            deadline = time.monotonic() + 10
            while procs.alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not procs.alive(pid), f"process {pid} of the server outlived it"


def new_workspace(root: Path) -> Workspace:
    ws = Workspace(root)
    ws.state_dir.mkdir(parents=True)
    store = Store(ws.db_path)
    store.record_grade(GradeResult(1, "tensor_to_numpy", "earlier.py", 1.0, "passed", "", 2.0, file_sha256="ab"))
    store.close()
    return ws


@pytest.fixture
def served(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    """The `workspace` with servers allowed; whatever server the test started is stopped afterwards."""
    monkeypatch.delenv("PREP_NO_SERVER")
    try:
        yield workspace
    finally:
        stop_and_check(workspace.state_dir)


def grade(q: int, file: Path, *extra: str, env: dict[str, str] | None = None):
    graded = run_cli("grade", str(q), "--file", str(file), "--json", *extra, env=env)
    assert graded.exit_code in (0, 1), graded.stdout + graded.stderr
    return graded


def same(result: GradeResult) -> tuple:
    """What must be equal cold and served: everything but timings, and counts that depend on timing."""

    def masked(text: str) -> str:
        return re.sub(r"\d+(\.\d+)?", "#", text)

    checks = [(c.name, c.kind, c.points, c.passed, c.message, c.location) for c in [*result.checks, *result.skipped]]
    return result.verdict, result.score, result.reason, result.file, checks, [masked(n) for n in result.notes]


def test_grades_are_served_warm_and_fall_back_cold_when_the_server_is_killed(served):
    q = CATALOG.get(2)
    first = grade(2, q.solution_path)  # cold: no server yet; it starts one for next time
    assert first.result.score == 1.0
    info = wait_ready(served.state_dir)
    assert [Path(z["suite"]).name for z in info["prepared"]] == [q.suite_path.name], "the graded question is warm"

    again = grade(2, q.solution_path)
    assert server.status(served.state_dir)["served"] == 1
    assert same(again.result) == same(first.result)
    stub = grade(2, q.exercise_path)
    assert server.status(served.state_dir)["served"] == 2 and stub.result.score == 0.0

    os.kill(info["pid"], signal.SIGKILL)  # a crash: the socket file stays behind, stale
    deadline = time.monotonic() + 10
    while procs.alive(info["worker_pid"]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not procs.alive(info["worker_pid"]), "the warm worker outlived its server"
    cold = grade(2, q.solution_path)
    assert same(cold.result) == same(first.result)
    restarted = wait_ready(served.state_dir, pid=info["pid"])  # and a new one was started
    assert restarted["served"] == 0


def test_the_socket_and_the_servers_files_are_the_owners_only(served):
    grade(1, CATALOG.get(1).exercise_path)
    wait_ready(served.state_dir)
    files = server.Files(served.state_dir)
    sock = os.lstat(files.socket)
    assert stat.S_ISSOCK(sock.st_mode) and stat.S_IMODE(sock.st_mode) == 0o600 and sock.st_uid == os.getuid()
    for path in (files.lock, files.log):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    status = run_cli("server", "status", "--json")
    assert json.loads(status.stdout)["running"] is True
    assert "grading server ready" in run_cli("server", "status").stdout
    assert "stopped the grading server" in run_cli("server", "stop").stdout
    assert "no grading server is running" in run_cli("server", "status").stdout


def bind_owners_only(sock: socket.socket, path: Path) -> None:
    umask = os.umask(0o177)
    try:
        sock.bind(str(path))
    finally:
        os.umask(umask)


def test_a_silent_or_stale_socket_means_a_cold_grade_at_once(served, tmp_path):
    q = CATALOG.get(2)
    files = server.Files(served.state_dir)
    reference = grade(2, q.solution_path, "--cold")
    assert server.status(served.state_dir) is None, "--cold starts no server"
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)  # accepts connections, never answers
    bind_owners_only(silent, files.socket)
    silent.listen(1)
    try:
        graded = grade(2, q.solution_path)
        assert same(graded.result) == same(reference.result)
        assert graded.seconds < reference.seconds + 3 * server.ANSWER_S + 5, (graded.seconds, reference.seconds)
    finally:
        silent.close()
    info = wait_ready(served.state_dir)  # the new server replaced the silent socket
    server.stop(served.state_dir)
    assert not files.socket.exists()

    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)  # a socket file nobody listens on
    bind_owners_only(stale, files.socket)
    stale.close()
    assert same(grade(2, q.solution_path).result) == same(reference.result)
    assert wait_ready(served.state_dir, pid=info["pid"])


def test_another_version_of_prep_grades_cold(served, monkeypatch):
    q = CATALOG.get(2)
    grade(2, q.exercise_path)
    wait_ready(served.state_dir)
    monkeypatch.setattr(server, "fingerprint", lambda: "another-version")
    other = grade(2, q.solution_path)
    assert other.result.score == 1.0
    assert server.status(served.state_dir)["served"] == 0  # graded cold; the server stays for its own version


def test_an_idle_server_leaves(served, monkeypatch):
    monkeypatch.setenv(server.ENV_IDLE, "2")
    grade(2, CATALOG.get(2).exercise_path)
    info = wait_ready(served.state_dir)
    deadline = time.monotonic() + 30
    while server.status(served.state_dir) is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert server.status(served.state_dir) is None and not server.Files(served.state_dir).socket.exists()
    while procs.alive(info["pid"]) and time.monotonic() < deadline:  # it says why in its log as it leaves
        time.sleep(0.05)
    assert not procs.alive(info["pid"]), "the idle server removed its socket but did not leave"
    assert "left: idle for 2 s" in server.Files(served.state_dir).log.read_text()


def test_a_changed_package_stops_the_server(tmp_path, monkeypatch):
    monkeypatch.setattr(server, "PACKAGE_DIR", tmp_path)
    (tmp_path / "module.py").write_text("x = 1\n")
    before = server.fingerprint()
    os.utime(tmp_path / "module.py", ns=(1, 1))
    assert server.fingerprint() != before
    waiting = server.Server(tmp_path)  # not started: only its look around
    waiting.fingerprint, waiting.inode = before, os.lstat(tmp_path).st_ino
    monkeypatch.setattr(server.Files, "socket", property(lambda self: tmp_path))
    waiting._look_around()
    assert waiting.state.leaving == "the installed package changed"


# --- hostile attempts: the same verdicts served as cold, and the server unharmed ------------------------------
HOSTILES = [
    ("loop_in_call", 1), ("os_exit_in_call", 1), ("segfault", 1), ("sys_exit_at_import", 2),
    ("patches_comparisons", 1), ("patches_during_call", 2), ("memory_bomb", 1), ("fork_bomb", 1),
    ("output_flood", 1), ("forges_results", 1), ("reads_reference", 2), ("keyboard_interrupt", 1),
    ("leaves_the_default_dtype_changed", 2), ("walks_frames_with_getframe", 2), ("traces_new_threads", 2),
    ("lies_with_a_tensor_subclass", 2), ("syntax_error", 1), ("damages_progress", 1), ("background_process", 1),
    ("rewrites_the_graders_code", 2),
]  # fmt: skip


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """One server for every hostile attempt: what one leaves behind would show in the next one's grade."""
    ws = new_workspace(tmp_path_factory.mktemp("served") / "ws")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PREP_WORKSPACE", str(ws.root))
        patch.delenv("PREP_NO_SERVER")
        try:
            server.start(ws.state_dir, CATALOG.get(1))
            wait_ready(ws.state_dir)
            yield ws
        finally:
            stop_and_check(ws.state_dir)


@pytest.mark.parametrize(("name", "q"), HOSTILES, ids=[name for name, _ in HOSTILES])
def test_hostile_attempts_get_the_same_verdict_served_as_cold_and_leave_the_server_as_it_was(
    hostile_server, tmp_path, name, q
):
    ws = hostile_server
    target = tmp_path / "target"
    env = {"HOSTILE_TARGET": str(ws.db_path if name == "damages_progress" else target)}
    extra = ("--timeout", "6") if name == "loop_in_call" else ()
    before = server.status(ws.state_dir)
    cold = grade(q, HOSTILE / f"{name}.py", "--cold", *extra, env=env)
    served = grade(q, HOSTILE / f"{name}.py", *extra, env=env)
    after = server.status(ws.state_dir)
    assert after["served"] == before["served"] + 1, "not served"
    assert same(served.result) == same(cold.result)
    assert served.exit_code == cold.exit_code == 1
    assert progress_rows(ws) == 1

    # The server, its warm worker and the question's zygote are the ones from before; nothing else runs but the
    # zygote's spare grading child (its own fork, in its session: a grade's child has a session of its own).
    assert (after["pid"], after["worker_pid"]) == (before["pid"], before["worker_pid"])
    zygotes = {z["pid"] for z in after["prepared"]}
    left = [pid for pid in procs.descendants(after["pid"]) if pid not in {after["worker_pid"], *zygotes}]
    assert not [pid for pid in left if not is_spare(pid, zygotes)], left
    if name == "background_process":
        assert not [pid for pid in map(int, target.read_text().split()) if procs.alive(pid)]

    reference = CATALOG.get(q)
    again = grade(q, reference.solution_path)  # no state left in the server that changes the next grade
    assert (again.result.verdict, again.result.score, again.result.notes) == ("passed", 1.0, [])
    assert server.status(ws.state_dir)["served"] == after["served"] + 1
