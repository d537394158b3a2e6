"""Starting a grading child: cold (a new interpreter per grade) or forked from a warm worker.

A warm worker is a process that has imported torch, pytest and the grader once; for each job it forks a
child that is set up exactly like a cold one (own session, rlimits, captured stdout/stderr, the signed
result pipe) and grades one attempt. Re-grades cost the suite's run time, not torch's import (`prep
watch`, the grading server, the self-tests).

`WarmWorker.prepare(question)` goes one step further for a grade that cannot see a GPU (none on the
machine, or a question without CUDA checks): the worker forks a *zygote* that configures pytest, collects
the suite, imports the reference and finds the routes to its forbidden names once, and later grades of
that question fork from the zygote, so the grading child only binds the job, installs the guards, the
sandbox and the integrity snapshot, imports the attempt and runs the checks. Each `prepare` also leaves
one such fork waiting (a *spare*, forked and with the integrity snapshot's pages copied), which the next
grade takes: callers prepare again after each grade, while the learner reads it (`prep watch`, the
server). A grade shares nothing it writes with the zygote (it is a fork), and the zygote never runs
attempt code. A suite or reference that changes on disk gets a new zygote; one that cannot be prepared
cleanly (a collection error, a thread started at import) is graded the full way, with the same messages.
The caller prepares *before* a grade starts: the grading parent kills every process that appears during a
grade.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import select
import signal
import socket
import subprocess
import sys
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, Protocol

from grader.catalog import Question
from grader.engine import procs
from grader.paths import PACKAGE_DIR

STARTUP_ALLOWANCE_S = 120.0  # the engine's own start (importing torch) on a loaded machine
BOOT = "import sys; sys.path.insert(0, {root!r}); from grader.engine.{module} import {entry}; {entry}({args})"
MAX_REQUEST = 1 << 20
CHECK_MARGIN_S = 5.0  # a check's limit past the grade's (see Limits.for_question)
MAX_ZYGOTES = 4  # prepared suites kept per warm worker (least recently used one dropped)


def gpu_present() -> bool:
    """An NVIDIA GPU is visible to this machine (checked without importing torch)."""
    return os.path.exists("/dev/nvidiactl") or os.path.isdir("/proc/driver/nvidia/gpus")


@dataclass
class Limits:
    timeout_s: float
    check_timeout_s: float
    memory_mb: int
    file_size_mb: int = 1024
    # CUDA reserves host address space of about twice the device memory when it starts, so a cap on the
    # address space (RLIMIT_AS) breaks it: where a question's CUDA checks can run, the cap is on the data
    # segment (RLIMIT_DATA: private writable memory, what Python and torch allocate) instead.
    address_space: bool = True

    @classmethod
    def for_question(cls, question: Question, timeout_s: float | None = None) -> Limits:
        total = timeout_s or question.timeout_s
        # A check's own limit shorter than the grade's, or else past it: the grade's deadline (counted from the
        # import, before the first check) then ends it, whichever check it is in, cold or warm alike.
        per_check = question.check_timeout_s if question.check_timeout_s < total else total + CHECK_MARGIN_S
        return cls(
            timeout_s=total, check_timeout_s=per_check, memory_mb=question.memory_mb,
            address_space=not (question.cuda and gpu_present()),
        )  # fmt: skip

    def apply(self) -> None:
        cpu_s = int((self.timeout_s + STARTUP_ALLOWANCE_S) * max(os.cpu_count() or 1, 2))
        procs.apply_limits(self.memory_mb, cpu_s, self.file_size_mb, self.address_space)


def child_env(cuda: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREP_", "PYTEST_", "PYTHONSTARTUP"))}
    env.update(
        PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1", PYTHONUNBUFFERED="1", PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
        MPLBACKEND="Agg", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",  # spawned ranks and workers: one thread each
    )  # fmt: skip
    if not cuda:
        env["CUDA_VISIBLE_DEVICES"] = ""
    return env


def _boot(module: str, entry: str, args: str = "") -> list[str]:
    return [sys.executable, "-c", BOOT.format(root=str(PACKAGE_DIR.parent), module=module, entry=entry, args=args)]


class Handle(Protocol):
    """A running grading child: `subprocess.Popen` for a cold one."""

    pid: int

    def poll(self) -> int | None: ...

    def wait(self) -> int: ...


def launch_cold(job: dict, fds: tuple[int, int, int], limits: Limits, env: dict[str, str], cwd: Path) -> Handle:
    """A new interpreter; the job (with the per-run secret) goes over stdin, never argv or env."""
    out, err, result = fds
    proc = subprocess.Popen(
        _boot("child", "main"), stdin=subprocess.PIPE, stdout=out, stderr=err, pass_fds=(result,), cwd=cwd,
        env=env, start_new_session=True, preexec_fn=limits.apply,
    )  # fmt: skip
    try:
        proc.stdin.write(json.dumps({**job, "fd": result}).encode())
        proc.stdin.close()
    except BrokenPipeError:
        pass  # the child died at once; the verdict will say so
    return proc


class WarmWorker:
    """Forks grading children from a process that has already imported torch; one grade at a time.

    `cancel()` may be called from another thread: it kills the grade in progress (its verdict is then a
    crash, which the caller discards)."""

    def __init__(self) -> None:
        self._sock: socket.socket | None = None
        self._proc: subprocess.Popen | None = None
        self._current: _WarmHandle | None = None
        self.prepared: list[dict] = []  # the zygotes: suite, pid (as the worker last reported them)

    def start(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._proc = proc = subprocess.Popen(
            _boot("launch", "serve_warm", str(theirs.fileno())), pass_fds=(theirs.fileno(),),
            env=child_env(cuda=True), start_new_session=True, stdin=subprocess.DEVNULL,
            preexec_fn=procs.die_with_parent,  # of this thread: start the worker from one that lives as long
        )  # fmt: skip
        theirs.close()
        ready, _, _ = select.select([ours], [], [], STARTUP_ALLOWANCE_S)
        if not ready or ours.recv(64) != b"ready":  # (or `close()` was called meanwhile)
            proc.kill()
            proc.wait()
            ours.close()
            raise RuntimeError("the warm grading worker did not start")
        self._sock = ours

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def prepare(self, question: Question, timeout_s: float | None = None) -> bool:
        """Collect `question`'s suite once in a zygote (started now, outside any grade), for the grades that follow,
        and have a spare grading child of it ready for the next one; False where it is graded the full way (a
        question whose grade can see a GPU, a suite that cannot be prepared). Restarts the worker first if it
        has died."""
        if not self.alive:
            self.close()
            self.start()
        limits = Limits.for_question(question, timeout_s)
        job = {
            "suite": str(question.suite_path), "reference": str(question.solution_path),
            "check_timeout_s": limits.check_timeout_s,
        }  # fmt: skip
        self._sock.send(json.dumps({"prepare": job, "env": child_env(question.cuda)}).encode())
        ready, _, _ = select.select([self._sock], [], [], STARTUP_ALLOWANCE_S)
        reply = json.loads(self._sock.recv(MAX_REQUEST) or b"{}") if ready else {}
        self.prepared = reply.get("zygotes", [])
        return bool(reply.get("prepared"))

    def launch(self, job: dict, fds: tuple[int, int, int], limits: Limits, env: dict[str, str], cwd: Path) -> Handle:
        if not self.alive:
            self.close()
            self.start()
        request = {"job": job, "limits": limits.__dict__, "env": env, "cwd": str(cwd)}
        socket.send_fds(self._sock, [json.dumps(request).encode()], list(fds))
        reply = json.loads(self._sock.recv(MAX_REQUEST) or b'{"pid": 0}')
        self._current = _WarmHandle(self._sock, reply["pid"])
        return self._current

    def cancel(self) -> None:
        """Kill the grade in progress, if any (safe from another thread)."""
        handle = self._current
        if handle is not None and handle.code is None and handle.pid > 0:
            for kill in (os.kill, os.killpg):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    kill(handle.pid, signal.SIGKILL)

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        if self._proc is not None:
            self._proc.kill()  # its zygotes and grading children die with it
            self._proc.wait()
            self._proc = None
        self.prepared = []

    def __enter__(self) -> WarmWorker:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _WarmHandle:
    def __init__(self, sock: socket.socket, pid: int) -> None:
        self.sock, self.pid, self.code = sock, pid, None

    def poll(self) -> int | None:
        if self.code is None and select.select([self.sock], [], [], 0)[0]:
            self.wait()
        return self.code

    def wait(self) -> int:
        if self.code is None:
            reply = self.sock.recv(MAX_REQUEST)  # the worker reports once it has reaped the child
            self.code = json.loads(reply)["status"] if reply else -signal.SIGKILL
        return self.code


# --- inside the warm worker -------------------------------------------------------------------------------
@dataclass
class _Zygote:
    pid: int
    sock: socket.socket
    suite: str
    spare: int = 0  # its grading child kept ready (0: none)


def _key(job: dict, env: dict[str, str]) -> tuple | None:
    """What a zygote's preparation depends on; None when the grade may see a GPU: CUDA must not start in a
    process that forks grades, and a suite may ask for it at import (`torch.cuda.is_available()`)."""
    if env.get("CUDA_VISIBLE_DEVICES") != "" and gpu_present():
        return None
    try:
        files = tuple((path, st.st_mtime_ns, st.st_size) for path in (job["suite"], job["reference"])
                      for st in [os.stat(path)])  # fmt: skip
    except OSError:
        return None
    return (*files, job["check_timeout_s"])


class _Warm:
    """The warm worker's state: its socket to the grading parent and the zygotes it prepared."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.zygotes: OrderedDict[tuple, _Zygote] = OrderedDict()
        self.declined: set[tuple] = set()

    def serve(self) -> NoReturn:
        while True:
            try:
                message, fds, _, _ = socket.recv_fds(self.sock, MAX_REQUEST, 3)
            except OSError:
                os._exit(0)
            if not message:
                os._exit(0)  # the grading parent has gone
            request = json.loads(message)
            if "prepare" in request:
                prepared = self.prepare(request["prepare"], request["env"])
                zygotes = [{"suite": z.suite, "pid": z.pid, "spare": z.spare} for z in self.zygotes.values()]
                self.sock.send(json.dumps({"prepared": prepared, "zygotes": zygotes}).encode())
            else:
                self.grade(request, fds)

    def inherited(self) -> list[socket.socket]:
        """What a fork of this process must close: nothing of the worker's plumbing reaches a grade."""
        return [self.sock, *(z.sock for z in self.zygotes.values())]

    def prepare(self, job: dict, env: dict[str, str]) -> bool:
        key = _key(job, env)
        if key is None or key in self.declined:
            return False
        if key in self.zygotes:
            self.zygotes.move_to_end(key)
            if self._spare(key):
                return True  # (else it has died: prepared again below)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        _flush()
        pid = os.fork()
        if pid == 0:
            for sock in [*self.inherited(), ours]:
                sock.close()
            _zygote(theirs, job, env)
        theirs.close()
        ready, _, _ = select.select([ours], [], [], STARTUP_ALLOWANCE_S)
        reply = json.loads(ours.recv(MAX_REQUEST) or b"{}") if ready else {}
        if not reply.get("prepared"):
            ours.close()
            self.declined.add(key)
            _end(pid)
            return False
        self.zygotes[key] = _Zygote(pid, ours, job["suite"], reply["spare"])
        while len(self.zygotes) > MAX_ZYGOTES:
            _, old = self.zygotes.popitem(last=False)
            old.sock.close()
            _end(old.pid)
        return True

    def _spare(self, key: tuple) -> bool:
        """Ask a prepared zygote to have a grading child ready; False (and the zygote dropped) if it has died."""
        zygote = self.zygotes[key]
        try:
            zygote.sock.send(b'{"spare": true}')
            if reply := zygote.sock.recv(MAX_REQUEST):
                zygote.spare = json.loads(reply)["spare"]
                return True
        except OSError:
            pass
        del self.zygotes[key]
        zygote.sock.close()
        _end(zygote.pid)
        return False

    def grade(self, request: dict, fds: list[int]) -> None:
        request["job"]["warm_pids"] = [os.getpid()]  # the sandbox refuses the attempt's signals to this process
        key = _key(request["job"], request["env"])
        zygote = self.zygotes.get(key) if key is not None else None
        if zygote is not None:
            try:
                socket.send_fds(zygote.sock, [json.dumps(request).encode()], fds)
                started = zygote.sock.recv(MAX_REQUEST)
            except OSError:
                started = b""
            if started:
                zygote.spare = 0  # (it took the grade, if it had one)
                for passed in fds:
                    os.close(passed)
                self.sock.send(started)
                self.sock.send(zygote.sock.recv(MAX_REQUEST) or json.dumps({"status": -signal.SIGKILL}).encode())
                return
            del self.zygotes[key]  # it died: grade the full way, and prepare again next time
            zygote.sock.close()
            _end(zygote.pid)
        _flush()
        pid = os.fork()
        if pid == 0:
            for sock in self.inherited():
                sock.close()
            _become_child(request, fds)
        _report(self.sock, pid, fds)


def _report(sock: socket.socket, pid: int, fds: list[int]) -> None:
    """Tell the grading parent the child's pid, then (once reaped) its exit status."""
    for passed in fds:
        os.close(passed)
    sock.send(json.dumps({"pid": pid}).encode())
    _, status = os.waitpid(pid, 0)
    sock.send(json.dumps({"status": os.waitstatus_to_exitcode(status)}).encode())


def _zygote(sock: socket.socket, job: dict, env: dict[str, str]) -> NoReturn:
    """A fork of the warm worker that has collected one suite; grades each request in a fork of itself.

    It keeps one such fork ready (a *spare*, see `_Spare`), started when asked (`{"spare": true}`, which the
    worker sends while preparing, outside any grade) and consumed by the next grade; a grade without a
    spare forks one on the spot."""
    from grader.engine.child import prepare

    procs.die_with_parent()
    os.chdir("/")
    os.environ.clear()
    os.environ.update(env)  # the environment the suite is imported in, as in a grade
    prepared = prepare(job)
    ok = prepared is not None and len(os.listdir("/proc/self/task")) == 1  # forking a threaded process is unsafe
    if not ok:
        sock.send(json.dumps({"prepared": False}).encode())
        os._exit(0)
    gc.freeze()  # what is here stays out of the forks' garbage collections: fewer pages copied per grade
    spare = _Spare.start(sock, prepared)
    sock.send(json.dumps({"prepared": True, "spare": spare.pid if spare else 0}).encode())
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(sock, MAX_REQUEST, 3)
        except OSError:
            os._exit(0)
        if not message:
            os._exit(0)
        request = json.loads(message)
        if "spare" in request:
            spare = spare or _Spare.start(sock, prepared)
            sock.send(json.dumps({"spare": spare.pid if spare else 0}).encode())
            continue
        pid = spare.hand(message, fds) if spare else 0
        spare = None
        if not pid:
            _flush()
            pid = os.fork()
            if pid == 0:
                sock.close()
                _become_child(request, fds, prepared)
        _report(sock, pid, fds)


class _Spare:
    """A fork of a zygote waiting for its grade: the fork and the first copy of the pages every grade writes to
    (the integrity snapshot's) are paid while the learner is still typing, not during the grade.

    It is forked only when the worker asks, which it does outside any grade (the grading parent kills every
    process that appears during one), and it runs nothing but the engine until a request arrives."""

    def __init__(self, pid: int, sock: socket.socket) -> None:
        self.pid, self.sock = pid, sock

    @classmethod
    def start(cls, zygote_sock: socket.socket, prepared: object) -> _Spare | None:
        """Fork one and wait until it is ready (None if it did not get there: grades then fork on the spot)."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        zygote = os.getpid()
        _flush()
        pid = os.fork()
        if pid == 0:
            for plumbing in (zygote_sock, ours):
                plumbing.close()
            _wait_as_spare(theirs, zygote, prepared)
        theirs.close()
        ready, _, _ = select.select([ours], [], [], STARTUP_ALLOWANCE_S)
        if ready and ours.recv(64) == b"ready":
            return cls(pid, ours)
        ours.close()
        _end(pid)
        return None

    def hand(self, message: bytes, fds: list[int]) -> int:
        """Give the spare its grade: its pid, or 0 if it is gone (the caller then forks one)."""
        try:
            socket.send_fds(self.sock, [message], fds)
        except OSError:
            _end(self.pid)
            return 0
        finally:
            self.sock.close()
        return self.pid


def _wait_as_spare(sock: socket.socket, zygote: int, prepared: object) -> NoReturn:
    from grader.engine.child import warm_up

    procs.die_with_parent()
    if os.getppid() != zygote:  # the zygote died before the line above: nobody will hand us a grade
        os._exit(0)
    warm_up(prepared)
    try:
        sock.send(b"ready")
        message, fds, _, _ = socket.recv_fds(sock, MAX_REQUEST, 3)
    except OSError:
        os._exit(0)
    if not message:
        os._exit(0)  # the zygote has gone, or dropped us
    sock.close()
    _become_child(json.loads(message), fds, prepared)


def _end(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()


def serve_warm(fd: int) -> NoReturn:
    """The warm worker's loop (in its own process): import once, then fork a grading child per request."""
    import pytest  # noqa: F401 - imported once here, inherited by every fork
    import torch
    import torch._dynamo  # noqa: F401 - the first optimizer of a grade imports it: ~1.5 s saved per warm grade

    import grader.engine.child
    import grader.engine.plugin  # noqa: F401

    gc.freeze()
    sock = socket.socket(fileno=fd)
    sock.send(b"ready")
    _Warm(sock).serve()


def _become_child(request: dict, fds: list[int], prepared: object = None) -> NoReturn:
    from grader.engine.child import grade_in_this_process

    out, err, result = fds
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDONLY)
    for source, target in ((devnull, 0), (out, 1), (err, 2)):
        os.dup2(source, target)
        os.close(source)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    Limits(**request["limits"]).apply()
    grade_in_this_process({**request["job"], "fd": result}, prepared)
