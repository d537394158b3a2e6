"""Leaving no process behind: the grader adopts orphans (Linux child subreaper) and kills them all.

An attempt can fork, `setsid()` and double-fork to escape its process group; orphans are re-parented
to the nearest subreaper, which is the grading parent, so a walk of /proc from our pid finds them.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal
import sys
import time
from collections.abc import Iterator

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
_subreaper_pid = 0  # the process that became one (a fork of it is not: the kernel does not pass it on)
_libc: ctypes.CDLL | None = None


def _prctl(option: int, value: int) -> bool:
    """prctl(2) on Linux (loading the C library once per process tree: ~0.5 ms a time); False elsewhere."""
    global _libc
    if not sys.platform.startswith("linux"):
        return False
    try:
        if _libc is None:
            _libc = ctypes.CDLL(None, use_errno=True)
        return _libc.prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def become_subreaper() -> bool:
    """Adopt orphaned descendants instead of letting init take them (Linux only; idempotent)."""
    global _subreaper_pid
    if _subreaper_pid != os.getpid() and _prctl(PR_SET_CHILD_SUBREAPER, 1):
        _subreaper_pid = os.getpid()
    return _subreaper_pid == os.getpid()


def apply_limits(memory_mb: int, cpu_s: int, file_size_mb: int, address_space: bool = True) -> None:
    """rlimits for a grading child (between fork and exec, or in a warm worker's fork).

    Memory is capped on the address space, or (`address_space=False`, for CUDA) on the data segment.
    """

    def cap(which: int, value: int) -> None:
        _, hard = resource.getrlimit(which)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(which, (value, value if hard == resource.RLIM_INFINITY else hard))

    cap(resource.RLIMIT_AS if address_space else resource.RLIMIT_DATA, memory_mb * 1024 * 1024)
    cap(resource.RLIMIT_CPU, cpu_s)
    cap(resource.RLIMIT_FSIZE, file_size_mb * 1024 * 1024)
    cap(resource.RLIMIT_CORE, 0)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails with EFBIG instead of killing
    die_with_parent()


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (a killed `prep grade`; Linux only)."""
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def stat(pid: int) -> tuple[int, str] | None:
    """(ppid, state) of a process from /proc/<pid>/stat; None once it is gone (or without /proc)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            line = f.read()
    except OSError:
        return None
    fields = line[line.rfind(b")") + 2 :].split()
    return int(fields[1]), fields[0].decode()


def alive(pid: int) -> bool:
    """Running (not gone, not a zombie waiting to be reaped)."""
    found = stat(pid)
    return found is not None and found[1] != "Z"


def _process_table() -> dict[int, tuple[int, str]]:
    """pid -> (ppid, state) for every process we can see."""
    table = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if entry.isdigit() and (found := stat(int(entry))) is not None:
            table[int(entry)] = found
    return table


def _subtree(root: int) -> dict[int, tuple[int, str]]:
    """pid -> (ppid, state) for `root`'s descendants, from each thread's `children` list: a few reads instead of
    one per process on the machine. The whole table where the kernel does not keep those lists."""
    table: dict[int, tuple[int, str]] = {}
    stack = [root]
    while stack:
        parent = stack.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{parent}/task/{task}/children", "rb") as f:
                    kids = [int(kid) for kid in f.read().split()]
            except FileNotFoundError:
                if parent == root:
                    return _process_table()  # no CONFIG_PROC_CHILDREN
                continue
            except OSError:
                continue
            for kid in kids:
                if kid not in table and (found := stat(kid)) is not None:
                    table[kid] = found
                    stack.append(kid)
    return table


def descendants(root: int, table: dict[int, tuple[int, str]] | None = None) -> list[int]:
    """Live (non-zombie) descendants of `root`."""
    table = _subtree(root) if table is None else table
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, stack = [], list(children.get(root, []))
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return [pid for pid in found if table[pid][1] != "Z"]


# Processes that Python and torch start on the attempt's behalf and leave running by design: killed like
# any other, but not reported as the attempt's leftovers.
RUNTIME_HELPERS = (b"multiprocessing.resource_tracker", b"multiprocessing.forkserver", b"torch_shm_manager")


def is_runtime_helper(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read()
    except OSError:
        return False
    return any(helper in cmdline for helper in RUNTIME_HELPERS)


def kill_tree(keep: set[int], pgid: int | None = None, deadline_s: float = 60.0) -> int:
    """SIGKILL process group `pgid` and every descendant of ours not in `keep` nor in a session of a process in
    `keep`; returns how many, not counting the runtime's own helpers (the multiprocessing resource tracker,
    torch_shm_manager).

    The sessions: a warm worker kept running here (a grading server started by this process) forks spare
    grading children in its own session at any time. A grade's processes cannot be in such a session: the
    grading child starts a session of its own, and no process can join a session that already exists.

    The parent calls it after waiting for the grading child (so that the child's exit status is not reaped
    here); the child calls it after each check, for what that check left running.
    """
    with _quiet_sigchld():  # torch's DataLoader handler would raise "worker killed by signal" for our kills
        return _kill_tree(keep, pgid, deadline_s)


@contextlib.contextmanager
def _quiet_sigchld() -> Iterator[None]:
    try:
        previous = signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    except ValueError:  # not the main thread: no handler of ours to quiet
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGCHLD, previous)


def _kill_tree(keep: set[int], pgid: int | None, deadline_s: float) -> int:
    if pgid is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)
    me, killed, children, sent = os.getpid(), set(), set(), False
    sessions = {sid for sid in map(_session, keep) if sid is not None}
    stop = time.monotonic() + deadline_s
    while time.monotonic() < stop:
        table = _subtree(me)
        _reap(me, keep, table)  # our children and orphans re-parented to us that have died already
        alive = [pid for pid in descendants(me, table) if pid not in keep and _session(pid) not in sessions]
        if not alive:
            break
        sent = True
        for pid in alive:
            helper = is_runtime_helper(pid)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
                if not helper:
                    killed.add(pid)
                if table[pid][0] == me:
                    children.add(pid)
        time.sleep(0.01)
    if sent:
        _wait_for(children, time.monotonic() + 1.0)  # no zombie left for anyone's SIGCHLD handler to find
        _reap(me, keep, _subtree(me))
    return len(killed)


def _session(pid: int) -> int | None:
    try:
        return os.getsid(pid)
    except OSError:  # gone
        return None


def _wait_for(children: set[int], deadline: float) -> None:
    """Reap these killed children of ours as they finish dying (bounded: one stuck in the kernel stays)."""
    while children and time.monotonic() < deadline:
        for pid in list(children):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:  # already reaped
                done = pid
            if done:
                children.discard(pid)
        if children:
            time.sleep(0.005)


def _reap(me: int, keep: set[int], table: dict[int, tuple[int, str]]) -> None:
    for pid, (ppid, state) in table.items():
        if ppid == me and state == "Z" and pid not in keep:
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(pid, os.WNOHANG)
