"""Starting a grading child: cold (a new interpreter per grade) or forked from a warm worker.

A warm worker is a process that has imported torch, pytest and the grader once; for each job it forks a
child that is set up exactly like a cold one (own session, rlimits, captured stdout/stderr, the signed
result pipe) and grades one attempt. The fork shares nothing that grading writes: the suite, the
reference and the attempt are imported in the child. Re-grades cost the suite's run time, not torch's
import (`prep watch`, the self-tests).
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, Protocol

from grader.catalog import Question
from grader.engine import procs
from grader.paths import PACKAGE_DIR

STARTUP_ALLOWANCE_S = 120.0  # the engine's own start (importing torch) on a loaded machine
BOOT = "import sys; sys.path.insert(0, {root!r}); from grader.engine.{module} import {entry}; {entry}({args})"
MAX_REQUEST = 1 << 20


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
        return cls(
            timeout_s=total, check_timeout_s=min(question.check_timeout_s, total), memory_mb=question.memory_mb,
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
    """Forks grading children from a process that has already imported torch; one grade at a time."""

    def __init__(self) -> None:
        self._sock: socket.socket | None = None
        self._proc: subprocess.Popen | None = None

    def start(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._proc = subprocess.Popen(
            _boot("launch", "serve_warm", str(theirs.fileno())), pass_fds=(theirs.fileno(),),
            env=child_env(cuda=True), start_new_session=True, stdin=subprocess.DEVNULL,
            preexec_fn=procs.die_with_parent,
        )  # fmt: skip
        theirs.close()
        ready, _, _ = select.select([ours], [], [], STARTUP_ALLOWANCE_S)
        if not ready or ours.recv(64) != b"ready":
            self._proc.kill()
            raise RuntimeError("the warm grading worker did not start")
        self._sock = ours

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def launch(self, job: dict, fds: tuple[int, int, int], limits: Limits, env: dict[str, str], cwd: Path) -> Handle:
        if not self.alive:
            self.close()
            self.start()
        request = {"job": job, "limits": limits.__dict__, "env": env, "cwd": str(cwd)}
        socket.send_fds(self._sock, [json.dumps(request).encode()], list(fds))
        reply = json.loads(self._sock.recv(MAX_REQUEST) or b'{"pid": 0}')
        return _WarmHandle(self._sock, reply["pid"])

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None

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


def serve_warm(fd: int) -> NoReturn:
    """The warm worker's loop (in its own process): import once, then fork a grading child per request."""
    import pytest  # noqa: F401 - imported once here, inherited by every fork
    import torch
    import torch._dynamo  # noqa: F401 - the first optimizer of a grade imports it: ~1.5 s saved per warm grade

    import grader.engine.child
    import grader.engine.plugin  # noqa: F401

    sock = socket.socket(fileno=fd)
    sock.send(b"ready")
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(sock, MAX_REQUEST, 3)
        except OSError:
            os._exit(0)
        if not message:
            os._exit(0)  # the grading parent has gone
        request = json.loads(message)
        pid = os.fork()
        if pid == 0:
            sock.close()
            _become_child(request, fds)
        for passed in fds:
            os.close(passed)
        sock.send(json.dumps({"pid": pid}).encode())
        _, status = os.waitpid(pid, 0)
        sock.send(json.dumps({"status": os.waitstatus_to_exitcode(status)}).encode())


def _become_child(request: dict, fds: list[int]) -> NoReturn:
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
    grade_in_this_process({**request["job"], "fd": result})
