"""The learner's workspace: found like git finds a repository.

`PREP_WORKSPACE`, else the nearest folder upwards that holds `.prep/`, else `./prep-workspace` if
`prep next` created one here before, else `prep next` or `prep start` creates it. Attempts mirror the
exercise tree: `<workspace>/01_basics/001_tensor_to_numpy.py`; find-the-bug exercises are
`<workspace>/debug/003_column_stats/bug_1.py`, ...
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from grader.catalog import Question

STATE_DIR = ".prep"
DEBUG_DIR = "debug"
DEFAULT_NAME = "prep-workspace"
ENV_VAR = "PREP_WORKSPACE"


class NoWorkspace(LookupError):
    """No workspace here: `prep next` creates one."""


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    @property
    def db_path(self) -> Path:
        return self.state_dir / "state.db"

    def attempt_path(self, question: Question) -> Path:
        return self.root / question.relpath

    @property
    def debug_dir(self) -> Path:
        return self.root / DEBUG_DIR

    def debug_relpath(self, question: Question, n: int) -> str:
        """The `n`-th find-the-bug exercise of a question, relative to the root (its name never hints at the bug)."""
        return f"{DEBUG_DIR}/{question.stem}/bug_{n}.py"

    def relative(self, path: Path) -> str | None:
        """`path` relative to the root, in the form the progress database keeps; None if it is outside."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None

    def copy_stub(self, question: Question) -> bool:
        """Copy the question's stub into the workspace unless an attempt is there; True if it was copied."""
        target = self.attempt_path(question)
        if target.exists():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(question.exercise_path, target)
        return True


def find_workspace() -> Workspace:
    env = os.environ.get(ENV_VAR)
    if env:
        return Workspace(Path(env).expanduser().resolve())
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / STATE_DIR).is_dir():
            return Workspace(folder)
    if (here / DEFAULT_NAME / STATE_DIR).is_dir():  # the one `prep next` created here
        return Workspace(here / DEFAULT_NAME)
    raise NoWorkspace(f"no prep workspace here or above {here}: run `prep next` to create one")


def find_or_create_workspace() -> tuple[Workspace, bool]:
    """The workspace, creating `./prep-workspace` when there is none; (workspace, created)."""
    try:
        workspace = find_workspace()
    except NoWorkspace:
        workspace = Workspace((Path.cwd() / DEFAULT_NAME).resolve())
    created = not workspace.state_dir.is_dir()
    workspace.state_dir.mkdir(parents=True, exist_ok=True)
    return workspace, created
