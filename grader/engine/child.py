"""The grading child: a new interpreter running `main()`, or a warm worker's fork.

The parent writes one JSON job to stdin (with the per-run secret and the result pipe's fd), closes it,
and reads signed messages from the pipe; a warm worker hands the same job to a forked process. The
child never returns normally: it leaves with `os._exit`, so an attempt's atexit hooks and lingering
threads cannot run after the last report.

A warm worker can also `prepare` a suite once (pytest configured, the suite collected, the reference
imported: nothing that depends on the attempt) and fork each grade from that state; the fork then only
binds the job, installs the guards, the sandbox and the integrity snapshot, imports the attempt and runs
the checks (`run_prepared`), with the same messages and verdicts as a full run.
"""

from __future__ import annotations

import contextlib
import faulthandler
import fcntl
import json
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from grader.engine import protocol
from grader.engine.protocol import make_sender

if TYPE_CHECKING:
    import pytest

    from grader.engine.plugin import GradingPlugin

HIGH_FD = 300  # the result pipe moves above the fds that code usually touches


def main() -> None:
    """A cold grade: the job arrives on stdin."""
    job = json.loads(sys.stdin.buffer.read())
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    grade_in_this_process(job)


def grade_in_this_process(job: dict, prepared: Prepared | None = None) -> NoReturn:
    """Run the job's suite here (from `prepared`, if given) and leave with `os._exit` (also the entry of a
    warm worker's fork)."""
    passed = job.pop("fd")
    fd = fcntl.fcntl(passed, fcntl.F_DUPFD_CLOEXEC, HIGH_FD)
    os.close(passed)  # one copy only, closed before the exit (the parent reads to its end)
    send = make_sender(fd, bytes.fromhex(job.pop("secret")))
    faulthandler.enable()  # a segfault prints the Python stack to the captured stderr
    code = 0
    try:
        code = run(job, send) if prepared is None else run_prepared(prepared, job, send)
    except BaseException as exc:
        send({"t": protocol.FATAL, "message": f"grading engine error: {type(exc).__name__}: {exc}"})
        code = 3
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # the attempt may have closed or replaced it
            stream.flush()
    for channel in (fd, 1, 2):  # the parent reads to the end of these: close them before the exit's teardown
        with contextlib.suppress(OSError):
            os.close(channel)
    os._exit(code)


def _pytest_args(job: dict) -> list[str]:
    from grader.paths import SUITES_DIR

    return [
        job["suite"], "-qq", "--no-header", "--capture=no", "--assert=plain", "--import-mode=importlib",
        "--noconftest", "--rootdir", str(SUITES_DIR), "-c", os.path.join(os.path.dirname(__file__), "pytest.ini"),
        "-p", "no:cacheprovider", "-p", "no:warnings", "-p", "no:stepwise", "-p", "pytest_timeout",
        "-o", f"timeout={job['check_timeout_s']}", "-o", "timeout_method=signal", "--tb=no",
        "--basetemp", job["basetemp"],
        # plugins grading does not use; unraisableexception alone costs ~0.2 s of gc.collect at exit
        "-p", "no:unraisableexception", "-p", "no:threadexception", "-p", "no:faulthandler", "-p", "no:doctest",
        "-p", "no:junitxml", "-p", "no:pastebin", "-p", "no:legacypath", "-p", "no:logging",
    ]  # fmt: skip


def _plugin(job: dict, send, preparing: bool = False) -> GradingPlugin:
    import torch

    torch.set_num_threads(1)  # tiny suites run faster on one thread, and parallel grades do not oversubscribe

    from grader.engine.plugin import GradingPlugin

    real_stdout = sys.stdout
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - pytest's terminal reporter binds this, not fd 1
    return GradingPlugin(job, send, real_stdout, preparing=preparing)


def run(job: dict, send) -> int:
    import pytest

    exit_code = pytest.main(_pytest_args(job), plugins=[_plugin(job, send)])
    send({"t": protocol.DONE, "exit_code": int(exit_code)})
    return 0


@dataclass
class Prepared:
    """A suite collected in a warm worker, ready for `run_prepared` in each fork."""

    config: pytest.Config
    session: pytest.Session
    plugin: GradingPlugin


def prepare(job: dict) -> Prepared | None:
    """Configure pytest, collect the job's suite and import its reference, as `run` would before the attempt;
    None if anything went wrong (a full `run` then reports it as it always does). `job` needs only the suite,
    the reference and the per-check time limit; what a grade adds (the attempt, `only`, the scratch folder,
    the secret) comes to `run_prepared`."""
    from _pytest.config import _prepareconfig
    from _pytest.main import Session

    template = {**job, "attempt_copy": "", "only": [], "basetemp": os.devnull}
    plugin = _plugin(template, lambda message: None, preparing=True)
    try:
        config = _prepareconfig(_pytest_args(template), plugins=[plugin])
        session = Session.from_config(config)
        config._do_configure()
        config.hook.pytest_sessionstart(session=session)
        config.hook.pytest_collection(session=session)
    except BaseException:
        return None
    finally:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # nothing of ours may be left in a buffer that every fork would write again
    if plugin.fatal or session.testsfailed or plugin.reference_module is None:
        return None
    from grader.engine import guards

    with contextlib.suppress(Exception):  # (if it cannot, each grade's `install` does it, and says what failed)
        guards.resolve()
    return Prepared(config, session, plugin)


def warm_up(prepared: Prepared) -> None:
    """In a fork that grades later (a warm worker's spare child): copy now the pages that every grade writes to
    first, the integrity snapshot's and the result channel's, so that the grade does not."""
    from grader.engine.integrity import take_snapshot

    prepared.plugin.ahead = take_snapshot()
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        make_sender(devnull, os.urandom(32))({"t": protocol.PLAN, "checks": list(prepared.plugin.checks.values())})
    finally:
        os.close(devnull)


def run_prepared(prepared: Prepared, job: dict, send) -> int:
    """The rest of `run` in a fork of the warm worker that prepared the suite: the same hooks in the same order
    from the plan on (guards, sandbox, snapshot and the attempt's import happen here, per grade)."""
    import pytest
    from _pytest._code import ExceptionInfo
    from _pytest.main import ExitCode
    from _pytest.tmpdir import TempPathFactory

    config, session, plugin = prepared.config, prepared.session, prepared.plugin
    plugin.bind(job, send)
    config.option.basetemp = job["basetemp"]
    config._tmp_path_factory = TempPathFactory.from_config(config, _ispytest=True)
    plugin.keep_only(session.items)
    status: int = ExitCode.OK
    try:  # what pytest's wrap_session does around collection's end and the test loop
        plugin.start(session)
        config.hook.pytest_runtestloop(session=session)
        status = ExitCode.TESTS_FAILED if session.testsfailed else ExitCode.OK
    except (KeyboardInterrupt, pytest.exit.Exception):
        status = ExitCode.INTERRUPTED
    except BaseException:
        status = ExitCode.INTERNAL_ERROR
        config.notify_exception(ExceptionInfo.from_current(), config.option)
    finally:
        with contextlib.suppress(pytest.exit.Exception):
            config.hook.pytest_sessionfinish(session=session, exitstatus=status)
        config._ensure_unconfigure()
    send({"t": protocol.DONE, "exit_code": int(status)})
    return 0


if __name__ == "__main__":
    main()
