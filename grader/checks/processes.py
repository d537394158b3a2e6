"""`run_processes`: run a function in N processes (ranks) during a check, with bounded waits.

    results = run_processes("attempt:worker", 2, init_file, start_method="spawn", timeout_s=30)

The function is named, not passed: `attempt:fn` (the learner's module), `reference:fn` (the hidden
solution) or `suite:fn` (the calling suite), and called as `fn(rank, *args)` like `mp.spawn` does. Each
rank's return value comes back pickled, in rank order. Every rank runs under the grade's guards (sandbox,
forbidden APIs), a rank that raises, dies or hangs fails the check with a message naming the rank, and
no rank outlives the call. Compare results in the check itself, never inside a rank: the attempt's code
runs in the ranks.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import selectors
import signal
import struct
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from grader.checks.errors import CheckFailed
from grader.engine import procs

GRACE_S = 3.0  # after one rank fails, how long the others may take before they are stopped
_HEADER = struct.Struct("!Q")


@dataclass(frozen=True)
class Sources:
    """What ranks can run, set by the engine for each grade: modules (fork) and files (spawn)."""

    module: Callable[[str], ModuleType]  # "attempt" | "reference" | "suite" -> the loaded module
    files: Callable[[str], tuple[str, str, str | None]]  # -> (module name, path, source or None)


_sources: Sources | None = None


def set_sources(sources: Sources) -> None:
    global _sources
    _sources = sources


def run_processes(
    target: str,
    nprocs: int,
    *args: object,
    start_method: str = "spawn",
    timeout_s: float = 30.0,
    what: str | None = None,
) -> list[object]:
    """`fn(rank, *args)` in `nprocs` processes for `target` = "attempt:fn" | "reference:fn" | "suite:fn"."""
    where, _, name = target.partition(":")
    if where not in ("attempt", "reference", "suite") or not name:
        raise ValueError(f"run_processes: target must be 'attempt:fn', 'reference:fn' or 'suite:fn', not {target!r}")
    if start_method not in ("spawn", "fork"):
        raise ValueError("run_processes: start_method must be 'spawn' or 'fork'")
    if _sources is None:
        raise RuntimeError("run_processes works only inside a grade")
    what = what or f"{name} in {nprocs} process(es) ({start_method})"
    ranks = [_start(where, name, rank, args, start_method) for rank in range(nprocs)]
    try:
        outcomes = _collect(ranks, timeout_s)
    finally:
        for rank in ranks:
            rank.stop()
    return _results(outcomes, what, timeout_s)


class _Rank:
    def __init__(self, rank: int, pid: int, read_fd: int, popen: subprocess.Popen | None = None) -> None:
        self.rank, self.pid, self.fd, self.popen = rank, pid, read_fd, popen
        self.data = bytearray()
        self.status: int | None = None

    def message(self) -> bytes | None:
        """The rank's whole reply once it has arrived."""
        if len(self.data) < _HEADER.size:
            return None
        (size,) = _HEADER.unpack_from(self.data)
        end = _HEADER.size + size
        return bytes(self.data[_HEADER.size : end]) if len(self.data) >= end else None

    def poll(self) -> int | None:
        if self.status is None:
            if self.popen is not None:
                self.status = self.popen.poll()
            else:
                with contextlib.suppress(ChildProcessError):
                    pid, status = os.waitpid(self.pid, os.WNOHANG)
                    if pid:
                        self.status = os.waitstatus_to_exitcode(status)
        return self.status

    def stop(self) -> None:
        for pid in [*procs.descendants(self.pid), self.pid]:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        if self.popen is not None:
            self.popen.wait()
        elif self.poll() is None:
            with contextlib.suppress(ChildProcessError):
                _, status = os.waitpid(self.pid, 0)
                self.status = os.waitstatus_to_exitcode(status)
        with contextlib.suppress(OSError):
            os.close(self.fd)


def _start(where: str, name: str, rank: int, args: tuple, start_method: str) -> _Rank:
    read_fd, write_fd = os.pipe()
    if start_method == "fork":
        fn = getattr(_sources.module(where), name)
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            run_rank(lambda: fn(rank, *args), write_fd)  # never returns
        os.close(write_fd)
        return _Rank(rank, pid, read_fd)
    module_name, path, source = _sources.files(where)
    job = pickle.dumps({"module": module_name, "path": path, "source": source, "fn": name, "rank": rank,
                        "args": args, "fd": write_fd})  # fmt: skip
    boot = "from grader.engine.rank import main; main()"
    popen = subprocess.Popen([sys.executable, "-c", boot], stdin=subprocess.PIPE, pass_fds=(write_fd,))
    os.close(write_fd)
    with contextlib.suppress(BrokenPipeError):
        popen.stdin.write(job)
        popen.stdin.close()
    return _Rank(rank, popen.pid, read_fd, popen)


def run_rank(call: Callable[[], object], fd: int) -> None:
    """In the rank process: call, send back `("ok", value)` or `("error", description)`, and leave."""
    procs.die_with_parent()
    try:
        outcome: tuple = ("ok", call())
    except BaseException as exc:
        outcome = ("error", _describe(exc))
    with contextlib.suppress(Exception):
        _shutdown_distributed()
    try:
        payload = pickle.dumps(outcome)
    except Exception as exc:
        payload = pickle.dumps(("error", f"its return value cannot be pickled: {type(exc).__name__}: {exc}"))
    with contextlib.suppress(OSError):
        os.write(fd, _HEADER.pack(len(payload)))
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)  # no atexit hooks and no interpreter teardown (gloo can abort there)


def _shutdown_distributed() -> None:
    dist = sys.modules.get("torch.distributed")
    if dist is not None and dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()


def _describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if os.path.basename(f.filename) == "attempt.py"]
    if frames:
        text += f" (your line {frames[-1].lineno}: {(frames[-1].line or '').strip()})"
    return text


def _collect(ranks: list[_Rank], timeout_s: float) -> dict[int, tuple]:
    """Each rank's outcome: ("ok", value), ("error", description), ("hung",) or ("died", exit status)."""
    deadline = time.monotonic() + timeout_s
    outcomes: dict[int, tuple] = {}
    selector = selectors.DefaultSelector()
    for rank in ranks:
        selector.register(rank.fd, selectors.EVENT_READ, rank)
    while selector.get_map() and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=min(0.05, max(deadline - time.monotonic(), 0))):
            rank = key.data
            chunk = os.read(rank.fd, 1 << 16)
            rank.data += chunk
            complete = rank.message()
            if chunk and complete is None:
                continue  # more to come (a rank's own children may hold the pipe open after it is done)
            selector.unregister(rank.fd)
            if complete is not None:
                outcomes[rank.rank] = pickle.loads(complete)
            if outcomes.get(rank.rank, ("error",))[0] != "ok":  # the others may wait for it forever
                deadline = min(deadline, time.monotonic() + GRACE_S)
    selector.close()
    for rank in ranks:
        if rank.rank not in outcomes:
            outcomes[rank.rank] = ("hung",) if rank.poll() is None else ("died", rank.poll())
    return outcomes


def _results(outcomes: dict[int, tuple], what: str, timeout_s: float) -> list[object]:
    """The values in rank order, or the first failure in a learner's words (errors before hangs)."""
    for rank, outcome in sorted(outcomes.items()):
        if outcome[0] == "error":
            raise CheckFailed(f"{what}: rank {rank} raised {outcome[1]}")
    for rank, outcome in sorted(outcomes.items()):
        if outcome[0] == "died":
            code = outcome[1]
            how = f"was killed by {signal.Signals(-code).name}" if code < 0 else f"exited with code {code}"
            raise CheckFailed(f"{what}: rank {rank} {how} before returning (sys.exit or os._exit in your code?)")
    hung = [rank for rank, outcome in sorted(outcomes.items()) if outcome[0] == "hung"]
    if hung:
        ranks = ", ".join(map(str, hung))
        raise CheckFailed(
            f"{what}: rank {ranks} did not finish within {timeout_s:g} s "
            "(an endless loop, or a collective waiting for a rank that never joined?)"
        )
    return [outcomes[rank][1] for rank in sorted(outcomes)]
