"""The grade's guards in every Python process it starts: DataLoader workers, `mp.spawn`, suite ranks.

A forked process inherits the audit hook and the guarded APIs. A spawned one is a new interpreter, so
the grading child puts a `sitecustomize` module on `PYTHONPATH` (in a folder the attempt cannot touch)
that installs the same sandbox at start-up, and the forbidden-API guards just before the attempt's
module is first imported there (`import attempt`, which is how spawn unpickles the attempt's functions).
"""

from __future__ import annotations

import importlib.abc
import json
import os
import sys
from pathlib import Path

ENV = "PREP_GRADE_GUARDS"
SITECUSTOMIZE = "from grader.engine.inherit import install_here\n\ninstall_here()\n"


def prepare(folder: Path, guards: dict, attempt_dir: str) -> Path:
    """Write the start-up hook into `folder` and point this process's future children at it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE)
    package_root = str(Path(__file__).resolve().parents[2])  # `grader` importable in a clone as installed
    inherited = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    os.environ["PYTHONPATH"] = os.pathsep.join([str(folder), attempt_dir, package_root, *inherited])
    os.environ[ENV] = json.dumps(guards)
    return folder


def install_here() -> None:
    """In a new interpreter started during a grade: the sandbox now, the API guards before the attempt."""
    config = json.loads(os.environ.get(ENV) or "null")
    if not config:
        return
    from grader.engine import sandbox

    sandbox.install(config["protect"], grader_pids=set(config["pids"]), attempt_files=config["attempt_files"])
    sys.meta_path.insert(0, _BeforeAttempt(config))


class _BeforeAttempt(importlib.abc.MetaPathFinder):
    """Installs the forbidden-API guards the first time the attempt's module is looked up."""

    def __init__(self, config: dict) -> None:
        self.config = config

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> None:
        if fullname == "attempt" and self in sys.meta_path:
            sys.meta_path.remove(self)
            from grader.engine import guards

            guards.install(self.config["attempt_files"], self.config["forbid"], self.config["forbid_import"])
        return None
