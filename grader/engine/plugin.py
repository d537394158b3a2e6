"""The pytest plugin that runs inside the grading child.

Order of events: the suite is collected and its list of checks (the plan) is reported; the reference is
loaded; forbidden APIs are guarded and the sandbox audit hook installed; only then is the attempt
imported, and a snapshot of the grader's namespaces taken. Each check is seeded, run, checked for
tampering and reported once over the signed channel.

A warm parent can do the part that does not depend on the attempt once (`preparing=True`: pytest's
configuration, the suite's collection, the reference's import) and fork a child per grade, which `bind`s
the grade's job and goes on from `start`: the plan, the guards, the sandbox, the attempt, the checks.
"""

from __future__ import annotations

import importlib.util
import os
import random
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
import torch

from grader.checks import forbidden, processes
from grader.checks.compare import dtype_str
from grader.engine import guards, inherit, integrity, procs, protocol, sandbox
from grader.engine.attempt import syntax_error
from grader.engine.explain import AttemptImportError, AttemptInterrupted, explain, locate
from grader.paths import SOLUTIONS_DIR

ATTEMPT_MODULE = "attempt"
REFERENCE_MODULE = "prep_reference"


def load_module(path: str, name: str, keep: bool) -> ModuleType:
    """Import a file as module `name`; `keep=False` leaves no trace of it in `sys.modules`."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        if not keep:
            sys.modules.pop(name, None)
    return module


class GuardedModule(ModuleType):
    """The reference as the suite sees it: every attribute, but none while the attempt's code is running."""

    def __init__(self, module: ModuleType, attempt_file: str) -> None:
        super().__init__(module.__name__)
        object.__setattr__(self, "_guarded", (module, frozenset({attempt_file})))

    def __getattr__(self, name: str) -> object:
        module, files = object.__getattribute__(self, "_guarded")
        if guards.attempt_on_stack(files):
            raise sandbox.SandboxViolation("grading sandbox: the reference solution is out of reach")
        return getattr(module, name)


def _refused_to_attempt(send: Callable[[dict], None], attempt_file: str) -> Callable[[dict], None]:
    files = frozenset({attempt_file})

    def guarded_send(message: dict) -> None:
        if guards.attempt_on_stack(files):
            raise sandbox.SandboxViolation("grading sandbox: the result channel is out of reach")
        send(message)

    return guarded_send


def _has_children() -> bool:
    """Whether this process has a child (running, a zombie, or an orphan adopted as subreaper): one system call, so
    that a check that started nothing skips the process sweep. A zombie it finds is reaped on the way."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return False
    return True


class GradingPlugin:
    def __init__(
        self, job: dict, send: Callable[[dict], None], real_stdout: object, preparing: bool = False
    ) -> None:  # fmt: skip
        self.preparing = preparing  # in a warm parent: stop once the suite is collected and the reference loaded
        self.bind(job, send)
        self.real_stdout = real_stdout
        self.checks: dict[str, dict] = {}
        self.attempt_module: ModuleType | None = None
        self.reference_module: ModuleType | None = None
        self.import_error: AttemptImportError | None = None
        self.snapshot: integrity.Snapshot | None = None
        self.ahead: integrity.Snapshot | None = None  # taken earlier in this process (a warm worker's spare child)
        self.failures: dict[str, tuple[str, dict | None, list[str]]] = {}
        self.skipped: set[str] = set()
        self.fatal = False
        self.current_item: pytest.Item | None = None
        self.import_flags: list[str] = []
        self.default_dtype: torch.dtype | None = None
        self.reference_source = ""

    def bind(self, job: dict, send: Callable[[dict], None]) -> None:
        """The grade's job and result channel (a prepared plugin gets them in the child that grades)."""
        self.job = job
        self.send = _refused_to_attempt(send, job["attempt_copy"])
        self.attempt_copy: str = job["attempt_copy"]

    # --- fixtures the suites use -------------------------------------------------------------
    @pytest.fixture
    def attempt(self) -> ModuleType:
        if self.import_error is not None:
            raise self.import_error
        return self.attempt_module

    @pytest.fixture
    def reference(self) -> ModuleType:
        return GuardedModule(self.reference_module, self.attempt_copy)

    # --- collection ----------------------------------------------------------------------------
    @pytest.hookimpl(trylast=True)
    def pytest_configure(self, config: pytest.Config) -> None:
        sys.stdout = self.real_stdout  # pytest's terminal reporter has bound the discarded stream
        config.addinivalue_line("markers", "check(kind, points): one graded check")

    def pytest_internalerror(self, excrepr: object) -> None:
        self._fatal(f"grading engine error: {str(excrepr).strip().splitlines()[-1]}")

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self._fatal(f"the grader suite failed to load: {report.longreprtext[-1500:]}")

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        self.keep_only(items)
        for item in items:
            marker = item.get_closest_marker("check")
            if marker is None:
                self._fatal(f"suite test {item.name} has no @check(kind, points) marker")
                items.clear()
                return
            name = item.name.removeprefix("test_")
            self.checks[item.nodeid] = {"id": item.nodeid, "name": name, **marker.kwargs}

    def keep_only(self, items: list[pytest.Item]) -> None:
        """A subset of the checks (the self-tests' wrong attempts): the job's `only`, by test name."""
        if only := set(self.job.get("only") or ()):
            items[:] = [item for item in items if item.originalname.removeprefix("test_") in only]
            self.checks = {item.nodeid: self.checks[item.nodeid] for item in items if item.nodeid in self.checks}

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        if self.preparing:
            if not self.fatal:
                self._load_reference(session)
            return
        self.start(session)

    def _load_reference(self, session: pytest.Session) -> bool:
        try:
            self.reference_source = Path(self.job["reference"]).read_text()  # for spawned reference ranks
            self.reference_module = load_module(self.job["reference"], REFERENCE_MODULE, keep=False)
        except Exception as exc:
            self._fatal(f"the reference solution failed to load: {type(exc).__name__}: {exc}")
            session.items.clear()
            return False
        return True

    def start(self, session: pytest.Session) -> None:
        """The grade proper, once the suite is collected: the plan, the reference, the guards, the attempt."""
        if self.fatal:
            session.shouldstop = "suite error"
            return
        self.send({"t": protocol.PLAN, "checks": list(self.checks.values())})
        if self.reference_module is None and not self._load_reference(session):
            return
        guards.install([self.attempt_copy])
        self._guard_every_process()
        procs.become_subreaper()  # orphans of the attempt's processes come back to us, to be killed
        self.snapshot, self.ahead = integrity.take_snapshot(self.ahead), None
        self.default_dtype = torch.get_default_dtype()
        self.send({"t": protocol.PHASE, "phase": "import"})
        sys.path.insert(0, os.path.dirname(self.attempt_copy))  # `import attempt` works in spawned processes
        try:
            self.attempt_module = load_module(self.attempt_copy, ATTEMPT_MODULE, keep=True)
        except BaseException as exc:
            self.import_error = self._import_error(exc)
        if changed := self._changes():
            integrity.restore(self.snapshot)
            self.import_error = AttemptImportError(f"your code {changed} when imported: no check counts")
            self.import_flags = ["tamper"]
        self.send({"t": protocol.PHASE, "phase": "checks", "import_error": str(self.import_error or ""),
                   "flags": self.import_flags})  # fmt: skip

    def _guard_every_process(self) -> None:
        """The sandbox here and in every process started from here; `run_processes` told what it may run."""
        guard_dir = Path(self.job["scratch"], "guard")
        protect = [str(SOLUTIONS_DIR), *self.job["protect"], str(guard_dir)]
        pids = {os.getpid(), os.getppid(), self.job["grader_pid"], *self.job.get("warm_pids", ())}
        config = {
            "protect": protect, "pids": sorted(pids), "attempt_files": [self.attempt_copy],
            "forbid": list(forbidden.registry), "forbid_import": sorted(forbidden.modules),
        }  # fmt: skip
        inherit.prepare(guard_dir, config, attempt_dir=os.path.dirname(self.attempt_copy))
        sandbox.install(protect, grader_pids=pids, attempt_files=[self.attempt_copy])
        processes.set_sources(processes.Sources(module=self._module_named, files=self._file_named))

    def _module_named(self, where: str) -> ModuleType:
        if where == "attempt":
            if self.import_error is not None:
                raise self.import_error
            return self.attempt_module
        return self.reference_module if where == "reference" else self.current_item.module

    def _file_named(self, where: str) -> tuple[str, str, str | None]:
        if where == "attempt":
            return ATTEMPT_MODULE, self.attempt_copy, None
        if where == "reference":
            return REFERENCE_MODULE, self.job["reference"], self.reference_source
        suite = self.current_item.module
        return suite.__name__, suite.__file__, None

    def _import_error(self, exc: BaseException) -> AttemptImportError:
        if isinstance(exc, SyntaxError) and exc.filename == self.attempt_copy:
            return AttemptImportError(syntax_error(exc, self.job["attempt_file"]))
        location = locate(exc, self.attempt_copy, self.job["attempt_file"])
        message, self.import_flags = explain(exc, location, self.job["memory_mb"])
        where = f" (line {location.line})" if location else ""
        error = AttemptImportError(f"could not import your file: {message.removeprefix('your code raised ')}{where}")
        error.__cause__ = exc
        return error

    # --- running checks ------------------------------------------------------------------------
    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        seed = zlib.crc32(item.nodeid.encode()) & 0x7FFFFFFF
        if torch.cuda.is_available():  # (or a suite's fake GPU): every device's generator
            torch.manual_seed(seed)
        else:  # the CPU generator only: torch.manual_seed would queue a CUDA seed with its stack, ~2 ms a check
            torch.default_generator.manual_seed(seed)
        np.random.seed(seed)
        random.seed(seed)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> object:
        try:
            return (yield)
        except KeyboardInterrupt as exc:
            raise AttemptInterrupted("your code raised KeyboardInterrupt") from exc
        finally:
            self._undo_tampering(item)  # first thing after the attempt ran: before pytest reports

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
        """Our own report, so pytest does not spend ~25 ms formatting each failure's traceback."""
        outcome = "passed" if call.excinfo is None else "failed"
        if call.excinfo is not None and item.nodeid not in self.failures:
            exc = call.excinfo.value
            location = locate(exc, self.attempt_copy, self.job["attempt_file"])
            if isinstance(exc, pytest.skip.Exception) and call.when == "setup" and location is None:
                self.skipped.add(item.nodeid)  # a skipif marker of the suite, e.g. "needs CUDA"
                outcome = "skipped"
            else:
                message, flags = explain(exc, location, self.job["memory_mb"])
                if isinstance(exc, pytest.skip.Exception):
                    message = "the check was skipped from inside your code"
                self.failures[item.nodeid] = (message, asdict(location) if location else None, flags)
        longrepr = (str(item.path), 0, "skipped") if outcome == "skipped" else None if outcome == "passed" else "failed"
        return pytest.TestReport(
            item.nodeid, item.location, {}, outcome, longrepr, call.when,
            duration=call.duration, start=call.start, stop=call.stop,
        )  # fmt: skip

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> object:
        self.send({"t": protocol.START, "id": item.nodeid})
        self.current_item = item
        hits_before = len(guards.hits)
        started = time.perf_counter()
        outcome = yield
        duration = time.perf_counter() - started
        self._undo_tampering(item)
        if len(guards.hits) > hits_before and item.nodeid not in self.failures:
            self.failures[item.nodeid] = (
                f"{guards.hits[-1]} (caught by your code)",
                None,
                ["forbidden"],
            )
        killed = procs.kill_tree(keep=set(), deadline_s=10.0) if _has_children() else 0  # what this check left
        message, location, flags = self.failures.get(item.nodeid, ("", None, []))
        self.send({
            "t": protocol.RESULT, "id": item.nodeid, "passed": item.nodeid not in self.failures,
            "skipped": item.nodeid in self.skipped and item.nodeid not in self.failures,
            "message": message, "location": location, "flags": flags, "killed": killed,
            "duration_s": round(duration, 4),
        })  # fmt: skip
        return outcome

    def _undo_tampering(self, item: pytest.Item) -> None:
        # The suite's own `monkeypatch` (e.g. faking CUDA availability) is undone at teardown, not tampering.
        patched = getattr((getattr(item, "funcargs", None) or {}).get("monkeypatch"), "_setattr", [])
        allowed = {f"{integrity.name_of(obj)}.{name}" for obj, name, _ in patched}
        if self.snapshot is None or not (changed := self._changes(allowed)):
            return
        integrity.restore(self.snapshot)
        self.failures[item.nodeid] = (f"your code {changed}: this check does not count", None, ["tamper"])

    def _changes(self, allowed: set[str] = frozenset()) -> str:
        """What the attempt changed in the grader's world, in words ("" if nothing); the default dtype is put back
        first (torch.set_default_dtype rebinds torch.Storage, which would otherwise be named instead)."""
        if torch.get_default_dtype() != self.default_dtype:
            changed = dtype_str(torch.get_default_dtype())
            torch.set_default_dtype(self.default_dtype)
            return f"set torch's default dtype to {changed} (torch.set_default_dtype) and did not restore it"
        changed = [c for c in integrity.changes(self.snapshot) if c not in allowed]
        return f"modified {', '.join(changed[:3])}{' ...' if len(changed) > 3 else ''}" if changed else ""

    def _fatal(self, message: str) -> None:
        if not self.fatal:
            self.fatal = True
            self.send({"t": protocol.FATAL, "message": message})
