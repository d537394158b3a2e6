"""The entry of a spawned rank (`grader.checks.run_processes` with start_method="spawn").

The job (which module, which function, the rank and its arguments) arrives pickled on stdin. The grade's
sandbox is already installed by the `sitecustomize` hook (grader/engine/inherit.py); importing the
attempt installs the forbidden-API guards. The reference comes as source text: its file is out of reach.
"""

from __future__ import annotations

import importlib
import importlib.util
import pickle
import sys
import types

from grader.checks.processes import run_rank


def _load(job: dict) -> types.ModuleType:
    if job["module"] == "attempt":
        return importlib.import_module("attempt")
    if job["source"] is not None:  # the reference
        module = types.ModuleType(job["module"])
        module.__file__ = job["path"]
        sys.modules[job["module"]] = module
        exec(compile(job["source"], job["path"], "exec"), module.__dict__)
        return module
    spec = importlib.util.spec_from_file_location(job["module"], job["path"])
    module = importlib.util.module_from_spec(spec)
    sys.modules[job["module"]] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    job = pickle.loads(sys.stdin.buffer.read())
    run_rank(lambda: getattr(_load(job), job["fn"])(job["rank"], *job["args"]), job["fd"])
