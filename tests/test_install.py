"""A plain `pip install .` (a wheel, not the clone) ships the stubs and references and grades from any
folder, hostile attempts included. Dependencies come from this environment through a .pth file, so
the test installs only prep itself."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HOSTILE = Path(__file__).parent / "hostile"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("install")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", root / "dist", REPO], check=True)
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    ours = [p for p in {sysconfig.get_paths()["purelib"], *site.getsitepackages()} if Path(p).is_dir()]
    Path(purelib, "deps.pth").write_text("\n".join(ours) + "\n")
    wheel = next((root / "dist").glob("prep-*.whl"))
    subprocess.run([python, "-m", "pip", "install", "--no-deps", "-q", wheel], check=True)
    return venv


def prep(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PREP_WORKSPACE": str(cwd / "ws")}
    return subprocess.run([venv / "bin" / "prep", *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_the_wheel_ships_stubs_and_references(installed, tmp_path):
    code = "from grader.paths import EXERCISES_DIR, SOLUTIONS_DIR; print(EXERCISES_DIR, SOLUTIONS_DIR)"
    located = subprocess.run(
        [installed / "bin" / "python", "-c", code],
        capture_output=True, text=True, cwd=tmp_path, check=True,
    ).stdout.split()  # fmt: skip
    assert all("_data" in p and str(REPO) not in p for p in located)
    assert prep(installed, "next", cwd=tmp_path).returncode == 0
    assert (tmp_path / "ws" / "01_basics" / "001_tensor_to_numpy.py").is_file()


def test_the_wheel_ships_the_wrong_attempts_only_and_hands_them_out(installed, tmp_path):
    code = "from grader.paths import ATTEMPTS_DIR; print(ATTEMPTS_DIR)"
    run = [installed / "bin" / "python", "-c", code]
    attempts = Path(subprocess.run(run, capture_output=True, text=True, cwd=tmp_path, check=True).stdout.strip())
    assert attempts.parts[-2:] == ("_data", "attempts") and str(REPO) not in str(attempts)
    shipped = {p.relative_to(attempts).as_posix() for p in attempts.rglob("*.py")}  # pip adds __pycache__/
    clone = REPO / "tests" / "attempts"
    assert all(Path(p).name.startswith("wrong_") and (clone / p).is_file() for p in shipped)
    assert {p.relative_to(clone).as_posix() for p in clone.glob("003_column_stats/wrong_*.py")} <= shipped
    handed = prep(installed, "debug", "3", cwd=tmp_path)
    assert handed.returncode == 0, handed.stderr
    assert (tmp_path / "ws" / "debug" / "003_column_stats" / "bug_1.py").is_file()


@pytest.mark.parametrize(
    ("name", "verdict"),
    [("reads_reference", "failed"), ("segfault", "crashed"), ("patches_comparisons", "error"), ("fork_bomb", "failed")],
)
def test_installed_prep_grades_hostile_attempts(installed, tmp_path, name, verdict):
    graded = prep(installed, "grade", "1", "--file", str(HOSTILE / f"{name}.py"), "--json", cwd=tmp_path)
    assert graded.returncode == 1, graded.stderr
    result = json.loads(graded.stdout)
    assert result["verdict"] == verdict and result["score"] < 1.0


def test_installed_prep_grades_the_reference(installed, tmp_path):
    solution = REPO / "solutions" / "01_basics" / "001_tensor_to_numpy.py"
    graded = prep(installed, "grade", "1", "--file", str(solution), "--json", cwd=tmp_path)
    assert graded.returncode == 0 and json.loads(graded.stdout)["score"] == 1.0
