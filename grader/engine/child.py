"""The grading child: a new interpreter running `main()`, or a warm worker's fork.

The parent writes one JSON job to stdin (with the per-run secret and the result pipe's fd), closes it,
and reads signed messages from the pipe; a warm worker hands the same job to a forked process. The
child never returns normally: it leaves with `os._exit`, so an attempt's atexit hooks and lingering
threads cannot run after the last report.
"""

from __future__ import annotations

import contextlib
import faulthandler
import fcntl
import json
import os
import sys
from typing import NoReturn

from grader.engine import protocol
from grader.engine.protocol import make_sender

HIGH_FD = 300  # the result pipe moves above the fds that code usually touches


def main() -> None:
    """A cold grade: the job arrives on stdin."""
    job = json.loads(sys.stdin.buffer.read())
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    grade_in_this_process(job)


def grade_in_this_process(job: dict) -> NoReturn:
    """Run the job's suite here and leave with `os._exit` (also the entry of a warm worker's fork)."""
    fd = fcntl.fcntl(job.pop("fd"), fcntl.F_DUPFD_CLOEXEC, HIGH_FD)
    send = make_sender(fd, bytes.fromhex(job.pop("secret")))
    faulthandler.enable()  # a segfault prints the Python stack to the captured stderr
    code = 0
    try:
        code = run(job, send)
    except BaseException as exc:
        send({"t": protocol.FATAL, "message": f"grading engine error: {type(exc).__name__}: {exc}"})
        code = 3
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # the attempt may have closed or replaced it
            stream.flush()
    os._exit(code)


def run(job: dict, send) -> int:
    import pytest
    import torch

    torch.set_num_threads(1)  # tiny suites run faster on one thread, and parallel grades do not oversubscribe

    from grader.engine.plugin import GradingPlugin
    from grader.paths import SUITES_DIR

    real_stdout = sys.stdout
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - pytest's terminal reporter binds this, not fd 1
    plugin = GradingPlugin(job, send, real_stdout)
    args = [
        job["suite"], "-qq", "--no-header", "--capture=no", "--assert=plain", "--import-mode=importlib",
        "--noconftest", "--rootdir", str(SUITES_DIR), "-c", os.path.join(os.path.dirname(__file__), "pytest.ini"),
        "-p", "no:cacheprovider", "-p", "no:warnings", "-p", "no:stepwise", "-p", "pytest_timeout",
        "-o", f"timeout={job['check_timeout_s']}", "-o", "timeout_method=signal", "--tb=no",
        "--basetemp", job["basetemp"],
        # plugins grading does not use; unraisableexception alone costs ~0.2 s of gc.collect at exit
        "-p", "no:unraisableexception", "-p", "no:threadexception", "-p", "no:faulthandler", "-p", "no:doctest",
        "-p", "no:junitxml", "-p", "no:pastebin", "-p", "no:legacypath",
    ]  # fmt: skip
    exit_code = pytest.main(args, plugins=[plugin])
    send({"t": protocol.DONE, "exit_code": int(exit_code)})
    return 0


if __name__ == "__main__":
    main()
