"""The warm grading server: `prep grade` without importing torch each time (the dmypy / Gradle daemon pattern).

One server per workspace and user: a Unix socket `.prep/server-<uid>.sock` that only its owner can use,
started in the background by the first `prep grade` (which grades cold itself), serving one grade at a
time from a warm worker (`launch.WarmWorker`: every grade in its own forked child, as isolated as a cold
one, with the suite prepared once per question). The CLI keeps everything else: the progress database's
backup and check around the grade, rendering, recording.

The server leaves after `IDLE_S` without a request, when the installed package changes (the fingerprint
of its files), when its socket is removed, or on `prep server stop`. Any problem on the client's side (no
server, a stale socket, another version, no answer within `ANSWER_S`, a busy server, a server that dies
mid-grade) means a cold grade, with the same result; a missing or dead server is started again.

Only the owner's processes are served (peer credentials), and none that descends from the server: an
attempt being graded cannot ask the server for anything.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import queue
import select
import signal
import socket
import stat
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from grader.catalog import Question
from grader.engine import procs
from grader.paths import PACKAGE_DIR
from grader.result import GradeResult

PROTOCOL = 1
IDLE_S = 600.0  # an idle server leaves after 10 minutes
ANSWER_S = 1.0  # a server that does not answer within this is not used
TICK_S = 1.0  # how often the server looks at its idle time, its socket and the package
LOCK_WAIT_S = 5.0  # a new server waits this long for the previous one to leave
MAX_MESSAGE = 1 << 24
LOG_CAP = 1 << 20  # the log starts afresh beyond this
ENV_OFF = "PREP_NO_SERVER"  # PREP_NO_SERVER=1: never use a server
ENV_IDLE = "PREP_SERVER_IDLE_S"  # the idle time of a server this process starts (tests)
BOOT = "import sys; sys.path.insert(0, {root!r}); from grader.engine.server import serve; serve({args})"


@dataclass(frozen=True)
class Files:
    """Where a workspace's server lives, for the current user."""

    state_dir: Path

    def _named(self, suffix: str) -> Path:
        return self.state_dir / f"server-{os.getuid()}.{suffix}"

    @property
    def socket(self) -> Path:
        return self._named("sock")

    @property
    def lock(self) -> Path:
        return self._named("lock")

    @property
    def log(self) -> Path:
        return self._named("log")


def enabled() -> bool:
    return os.environ.get(ENV_OFF, "").strip().lower() in ("", "0", "no", "false")


def fingerprint() -> str:
    """The installed package as the server sees it: every file's path, size and modification time, and the
    interpreter. A server whose package changed on disk leaves; a client with another one grades cold. Not the
    suites (a changed suite gets a new zygote) nor the catalog (the client sends the question): editing a
    question keeps its grades warm."""
    digest = hashlib.sha256(f"{PROTOCOL}\0{sys.executable}\0{sys.version}".encode())
    for folder, dirs, files in os.walk(PACKAGE_DIR):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "_data", "suites"))
        for name in sorted(set(files) - {"catalog.toml"}):
            path = os.path.join(folder, name)
            with contextlib.suppress(OSError):
                st = os.stat(path)
                digest.update(f"{os.path.relpath(path, PACKAGE_DIR)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def _address(path: Path) -> Iterator[str]:
    """A path for bind/connect: Unix socket paths are limited to ~107 bytes, so a long one goes through the
    folder's file descriptor (Linux)."""
    if len(os.fsencode(path)) < 100 or not os.path.isdir("/proc/self/fd"):
        yield str(path)
        return
    fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        yield f"/proc/self/fd/{fd}/{path.name}"
    finally:
        os.close(fd)


def _is_ours(path: Path) -> bool:
    """A socket file of this user that nobody else can use."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISSOCK(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


# --- the client (the CLI; never imports torch) -------------------------------------------------------------
class _Unanswered(Exception):
    """No server, or one that cannot be used now."""


def _send(sock: socket.socket, message: dict) -> None:
    sock.sendall(json.dumps(message).encode() + b"\n")


def _read_line(sock: socket.socket, deadline: float) -> dict:
    data = b""
    while not data.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([sock], [], [], left)[0]:
            raise _Unanswered("no answer in time")
        chunk = sock.recv(1 << 16)
        if not chunk:
            raise _Unanswered("the server closed the connection")
        data += chunk
        if len(data) > MAX_MESSAGE:
            raise _Unanswered("answer too long")
    return json.loads(data)


@contextlib.contextmanager
def _connect(files: Files) -> Iterator[socket.socket]:
    if not _is_ours(files.socket):
        raise _Unanswered("no server")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(ANSWER_S)
        with _address(files.socket) as address:
            sock.connect(address)
        sock.settimeout(None)
        yield sock
    except OSError as err:
        raise _Unanswered(f"cannot connect: {err}") from None
    finally:
        sock.close()


def ask(state_dir: Path, message: dict) -> dict:
    """One request answered at once (status, stop); raises `_Unanswered`."""
    with _connect(Files(state_dir)) as sock:
        _send(sock, {**message, "fingerprint": fingerprint()})
        return _read_line(sock, time.monotonic() + ANSWER_S)


def status(state_dir: Path) -> dict | None:
    """What the running server says about itself, or None if none answers."""
    try:
        reply = ask(state_dir, {"op": "status"})
    except (_Unanswered, ValueError):
        return None
    return reply.get("status")


def stop(state_dir: Path, wait_s: float = 10.0) -> int | None:
    """Ask the server to leave and wait until it has; its pid, or None if none was running."""
    try:
        reply = ask(state_dir, {"op": "stop"})
    except (_Unanswered, ValueError):
        return None
    pid = reply.get("pid")
    deadline = time.monotonic() + wait_s
    while pid and _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return pid


def _alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG)[0] == pid:  # a server this process started (tests) is reaped here
            return False
    return procs.alive(pid)


def grade(
    state_dir: Path, question: Question, file: Path, timeout_s: float | None, protect: tuple[Path, ...]
) -> GradeResult | None:
    """Grade through the workspace's server; None where the caller should grade cold, and then `start` one
    (not before: a grade kills every process that appears while it runs). Raises `AttemptError` as a cold
    grade would."""
    from grader.engine.attempt import AttemptError
    from grader.engine.launch import STARTUP_ALLOWANCE_S, Limits

    request = {
        "op": "grade", "fingerprint": fingerprint(), "question": asdict(question), "file": str(file.absolute()),
        "timeout_s": timeout_s, "protect": [str(p) for p in protect], "env": dict(os.environ),
    }  # fmt: skip
    limits = Limits.for_question(question, timeout_s)
    try:
        with _connect(Files(state_dir)) as sock:
            _send(sock, request)
            if not _read_line(sock, time.monotonic() + ANSWER_S).get("ok"):
                return None  # busy, starting, or another version
            reply = _read_line(sock, time.monotonic() + limits.timeout_s + STARTUP_ALLOWANCE_S + 60)
    except (_Unanswered, ValueError):
        return None
    if reply.get("error") == "attempt":
        raise AttemptError(reply["message"])
    return GradeResult.from_dict(reply["result"]) if "result" in reply else None


def start(state_dir: Path, question: Question | None = None) -> bool:
    """Start a server in the background unless one is running or starting; True if one was started. The
    question it prepares first is the one just graded: its next grade is warm."""
    files = Files(state_dir)
    if not state_dir.is_dir() or _locked(files.lock):
        return False
    with contextlib.suppress(OSError):
        if files.log.stat().st_size > LOG_CAP:
            files.log.unlink()
    args = json.dumps({"state_dir": str(state_dir), "question": asdict(question) if question else None})
    command = [sys.executable, "-c", BOOT.format(root=str(PACKAGE_DIR.parent), args=repr(args))]
    try:
        log = os.open(files.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError:
        return False
    try:
        subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd="/", start_new_session=True, close_fds=True
        )
    finally:
        os.close(log)
    return True


def _locked(lock: Path) -> bool:
    """Whether a server holds the workspace's lock (running, or starting)."""
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


# --- the server ------------------------------------------------------------------------------------------
@dataclass
class _Job:
    conn: socket.socket
    request: dict
    cancelled: bool = False


@dataclass
class _State:
    started: float = field(default_factory=time.time)
    last_used: float = field(default_factory=time.monotonic)
    served: int = 0
    ready: bool = False  # the warm worker has started
    active: _Job | None = None
    leaving: str = ""


def serve(args: str) -> None:
    """The server process (started by `start`): serve until idle, replaced, stopped or orphaned of its socket."""
    config = json.loads(args)
    Server(Path(config["state_dir"]), config.get("question")).run()


class Server:
    def __init__(self, state_dir: Path, first: dict | None = None) -> None:
        from grader.engine.launch import WarmWorker

        self.files = Files(state_dir)
        self.fingerprint = fingerprint()
        self.idle_s = float(os.environ.get(ENV_IDLE) or IDLE_S)
        self.worker = WarmWorker()
        self.jobs: queue.Queue[_Job | None] = queue.Queue()
        self.state = _State()
        self.lock = threading.Lock()
        self.first = first
        self.finished: list[socket.socket] = []

    def log(self, message: str) -> None:
        print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} [{os.getpid()}] {message}", flush=True)

    def run(self) -> None:
        lock = self._take_lock()
        if lock is None:
            return
        listener = self._listen()
        if listener is None:
            os.close(lock)
            return
        signal.signal(signal.SIGTERM, lambda *_: self._leave("SIGTERM"))
        signal.signal(signal.SIGINT, lambda *_: self._leave("SIGINT"))
        grader = threading.Thread(target=self._grading_loop, name="grading", daemon=True)
        grader.start()
        self.log(f"serving {self.files.socket} (package {self.fingerprint})")
        try:
            self._loop(listener)
        finally:
            self._shut_down(listener, grader)
            os.close(lock)
            self.log(f"left: {self.state.leaving}")

    def _take_lock(self) -> int | None:
        fd = os.open(self.files.lock, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    return None  # another server runs here
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "started": self.state.started}).encode())
        return fd

    def _listen(self) -> socket.socket | None:
        path = self.files.socket
        with contextlib.suppress(FileNotFoundError):
            if os.lstat(path).st_uid != os.getuid():
                self.log(f"{path} belongs to another user: not serving")
                return None
            path.unlink()  # a stale socket: we hold the lock, so no server is behind it
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        umask = os.umask(0o177)  # the socket is created 0600: only its owner can connect
        try:
            with _address(path) as address:
                listener.bind(address)
        finally:
            os.umask(umask)
        os.chmod(path, 0o600)
        listener.listen(16)
        self.inode = os.lstat(path).st_ino
        return listener

    def _leave(self, why: str) -> None:
        self.state.leaving = self.state.leaving or why

    def _loop(self, listener: socket.socket) -> None:
        next_look = time.monotonic() + TICK_S
        while not self.state.leaving:
            watched = [listener]
            active = self.state.active
            if active is not None and not active.cancelled:
                watched.append(active.conn)
            try:
                readable, _, _ = select.select(watched, [], [], TICK_S)
            except (OSError, ValueError):  # the watched connection was finished meanwhile
                readable = []
            with self.lock:
                finished, self.finished = self.finished, []
            for conn in finished:
                conn.close()
            if listener in readable:
                with contextlib.suppress(OSError):
                    self._answer(*listener.accept())
            if active is not None and active.conn in readable:
                with contextlib.suppress(OSError):
                    if not active.conn.recv(1 << 12):  # the client has gone (Ctrl-C): stop its grade
                        active.cancelled = True
                        self.worker.cancel()
            if time.monotonic() >= next_look:
                next_look = time.monotonic() + TICK_S
                self._look_around()

    def _look_around(self) -> None:
        """Leave when idle too long, when the socket is no longer ours, or when the package changed."""
        if self.state.active is not None:
            return
        try:
            if os.lstat(self.files.socket).st_ino != self.inode:
                self._leave("the socket was replaced")
        except OSError:
            self._leave("the socket was removed")
        if self.state.ready and time.monotonic() - self.state.last_used > self.idle_s:
            self._leave(f"idle for {self.idle_s:g} s")
        elif fingerprint() != self.fingerprint:
            self._leave("the installed package changed")

    def _answer(self, conn: socket.socket, _: object) -> None:
        try:
            conn.settimeout(ANSWER_S)
            if not self._trusted(conn):
                return conn.close()
            request = self._read(conn)
            reply = self._reply(conn, request)
            if reply is not None:
                conn.sendall(json.dumps(reply).encode() + b"\n")
                conn.close()
        except (OSError, ValueError):
            conn.close()

    def _read(self, conn: socket.socket) -> dict:
        data = b""
        while not data.endswith(b"\n") and len(data) < MAX_MESSAGE:
            chunk = conn.recv(1 << 16)
            if not chunk:
                raise ValueError("the client left")
            data += chunk
        return json.loads(data)

    def _trusted(self, conn: socket.socket) -> bool:
        """The owner's processes only, and none started by a grade (an attempt asking for grades or a stop)."""
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        pid, uid, _ = struct.unpack("3i", creds)
        return uid == os.getuid() and not _descends_from(pid, os.getpid())

    def _reply(self, conn: socket.socket, request: dict) -> dict | None:
        op = request.get("op")
        if op == "status":
            return {"ok": True, "status": self.describe()}
        if op == "stop":
            self._leave("asked to stop")
            if self.state.active is not None:
                self.state.active.cancelled = True
                self.worker.cancel()
            return {"ok": True, "pid": os.getpid()}
        if op != "grade":
            return {"ok": False, "why": f"unknown request {op!r}"}
        if request.get("fingerprint") != self.fingerprint:
            changed = fingerprint() != self.fingerprint
            if changed:
                self._leave("the installed package changed")
            return {"ok": False, "why": "another version of prep"}
        with self.lock:
            if not self.state.ready or self.state.active is not None:
                return {"ok": False, "why": "busy" if self.state.ready else "starting"}
            self.state.active = _Job(conn, request)
        conn.sendall(json.dumps({"ok": True}).encode() + b"\n")
        conn.settimeout(None)
        self.jobs.put(self.state.active)
        return None  # the grading thread answers and closes

    def describe(self) -> dict:
        active = self.state.active
        return {
            "pid": os.getpid(), "socket": str(self.files.socket), "package": self.fingerprint,
            "started": self.state.started, "idle_s": round(time.monotonic() - self.state.last_used, 1),
            "idle_limit_s": self.idle_s, "served": self.state.served, "ready": self.state.ready,
            "grading": active.request["question"]["number"] if active else None,
            "worker_pid": self.worker.pid, "prepared": self.worker.prepared,
        }  # fmt: skip

    # --- the grading thread: it starts the warm worker, which lives as long as this thread --------------
    def _grading_loop(self) -> None:
        try:
            self.worker.start()
            if self.first:
                self.worker.prepare(_question(self.first))
        except Exception as exc:
            self.log(f"the warm worker did not start: {exc}")
            self._leave("no warm worker")
            return
        self.state.last_used = time.monotonic()  # idle from now: starting the worker may take a minute
        self.state.ready = True
        while (job := self.jobs.get()) is not None:
            reply = self._grade(job)
            with self.lock:  # free before the client hears back: its next request must not find us busy
                self.state.active = None
                self.state.served += not job.cancelled
                self.state.last_used = time.monotonic()
            with contextlib.suppress(OSError):
                if not job.cancelled:
                    job.conn.sendall(json.dumps(reply).encode() + b"\n")
            with self.lock:
                self.finished.append(job.conn)  # closed by the main thread, which may be watching it
            if not job.cancelled:
                self._ready_next(job.request)

    def _ready_next(self, request: dict) -> None:
        """A grading child ready for the question just graded, started while the learner reads the result (see
        `launch.WarmWorker.prepare`): its next grade skips the fork."""
        try:
            with _environment(request["env"]):
                self.worker.prepare(_question(request["question"]), request["timeout_s"])
        except Exception as exc:  # the next grade prepares again, and says what went wrong
            self.log(f"preparing question {request['question']['number']} failed: {type(exc).__name__}: {exc}")

    def _grade(self, job: _Job) -> dict:
        from grader.engine.attempt import AttemptError
        from grader.engine.runner import grade

        request = job.request
        q = _question(request["question"])
        if job.cancelled:
            return {"error": "cancelled", "message": "the client left"}
        try:
            with _environment(request["env"]):  # the grading child gets the client's environment, as cold
                self.worker.prepare(q, request["timeout_s"])
                result = grade(
                    q, Path(request["file"]), timeout_s=request["timeout_s"],
                    protect=tuple(Path(p) for p in request["protect"]), warm=self.worker,
                )  # fmt: skip
        except AttemptError as err:
            return {"error": "attempt", "message": str(err)}
        except Exception as exc:  # the client grades cold
            self.log(f"grade of question {q.number} failed: {type(exc).__name__}: {exc}")
            return {"error": "internal", "message": f"{type(exc).__name__}: {exc}"}
        return {"result": result.to_dict()}

    def _shut_down(self, listener: socket.socket, grader: threading.Thread) -> None:
        with contextlib.suppress(OSError):
            if os.lstat(self.files.socket).st_ino == self.inode:
                self.files.socket.unlink()
        listener.close()
        active = self.state.active
        if active is not None:
            active.cancelled = True
            self.worker.cancel()
        self.jobs.put(None)
        grader.join(timeout=30)
        self.worker.close()


def _question(fields: dict) -> Question:
    return Question(**{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()})


@contextlib.contextmanager
def _environment(env: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _descends_from(pid: int, ancestor: int) -> bool:
    for _ in range(256):
        if pid == ancestor:
            return True
        if pid <= 1:
            return False
        found = procs.stat(pid)
        if found is None:
            return False
        pid = found[0]
    return False
