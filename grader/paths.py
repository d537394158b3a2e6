"""Where the three mirrored trees and the wrong attempts live: in a clone, or packaged inside an installed wheel."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SUITES_DIR = PACKAGE_DIR / "suites"


def _data_root() -> Path:
    packaged = PACKAGE_DIR / "_data"
    if (packaged / "exercises").is_dir():
        return packaged  # a wheel: `pip install .`
    return PACKAGE_DIR.parent  # a clone or an editable install


DATA_ROOT = _data_root()
EXERCISES_DIR = DATA_ROOT / "exercises"
SOLUTIONS_DIR = DATA_ROOT / "solutions"
# The wrong attempts, for find-the-bug exercises: tests/attempts/<stem>/ in a clone; a wheel ships only their
# wrong_*.py files (never the correct_*.py ones), in _data/attempts/<stem>/.
ATTEMPTS_DIR = DATA_ROOT / "attempts" if DATA_ROOT.name == "_data" else DATA_ROOT / "tests" / "attempts"
