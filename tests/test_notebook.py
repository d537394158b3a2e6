"""Jupyter: a notebook written by `prep start 1 --notebook`, executed by a real kernel (nbclient + ipykernel), grades
its `%%prep 1` cells in fresh processes, renders the checks in the notebook and records the grades."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from grader import notebook
from grader.catalog import load_catalog
from grader.store import Store
from grader.workspace import Workspace
from tests.conftest import run_cli, stray_processes

Q1 = load_catalog().get(1)
ROOT = Path(__file__).resolve().parents[1]
WRONG = ROOT / "tests/attempts/001_tensor_to_numpy/wrong_forgets_cpu.py"  # loses the GPU-tensor check only
ANSI = re.compile(r"\x1b\[[0-9;]*m")

KERNEL_DEFINES = """\
import torch

def kernel_to_numpy(t):
    return t.detach().cpu().numpy()

def kernel_from_numpy(a):
    return torch.from_numpy(a.copy())

print(kernel_to_numpy(torch.ones(2)).shape)
"""


def kernel(tmp_path: Path):
    """A kernel that runs this interpreter (the venv's), whatever kernelspecs the machine has."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    specs = tmp_path / "kernels"
    (specs / "prep-test").mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec = {"argv": argv, "display_name": "prep test", "language": "python"}
    (specs / "prep-test" / "kernel.json").write_text(json.dumps(spec))
    return KernelManager(kernel_name="prep-test", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(specs)]))


def text_of(cell) -> str:
    """What a cell showed: its streams and the plain-text form of its rich output."""
    parts = [out.get("text", "") or out.get("data", {}).get("text/plain", "") for out in cell.outputs]
    return ANSI.sub("", "".join(parts))


def test_start_notebook_needs_no_ipython_and_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setattr(notebook, "NOTEBOOK_PACKAGES", ("rich", "prep_no_such_package"))
    ws = Workspace(tmp_path / "ws")
    started = run_cli("start", "1", "--notebook", env={"PREP_WORKSPACE": str(ws.root)})
    assert started.exit_code == 0, started.stdout + started.stderr
    written = json.loads(ws.attempt_path(Q1).with_suffix(".ipynb").read_text())
    assert written["nbformat"] == 4 and [c["cell_type"] for c in written["cells"]] == ["markdown", "code", "code"]
    assert "prep_no_such_package" in started.stderr and "prep[notebook]" in started.stderr, started.stderr
    assert "rich" not in started.stderr  # installed: only what is missing is named


def test_prep_cells_grade_in_a_fresh_process_render_and_record(tmp_path, monkeypatch):
    nbclient = pytest.importorskip("nbclient")  # the `notebook` extra (in `test` too)
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("ipykernel")
    code_cell = nbformat.v4.new_code_cell
    ws = Workspace(tmp_path / "ws")
    started = run_cli("start", "1", "--notebook", env={"PREP_WORKSPACE": str(ws.root), "NO_COLOR": "1"})
    assert started.exit_code == 0, started.stdout + started.stderr
    path = ws.attempt_path(Q1).with_suffix(".ipynb")
    assert path.name in started.stdout and "Notebook:" in started.stdout

    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    spec, load, attempt = nb.cells
    assert spec.cell_type == "markdown" and "What the grader checks:" in spec.source
    assert load.source == "%load_ext grader"
    assert attempt.source.startswith("%%prep 1\n") and "def to_numpy" in attempt.source
    attempt.source = "%%prep 1\n" + Q1.solution_path.read_text()
    nb.cells += [
        code_cell("%%prep 1\n" + WRONG.read_text()),
        code_cell(KERNEL_DEFINES),  # works in the kernel...
        code_cell("%%prep 1\nto_numpy = kernel_to_numpy\nfrom_numpy = kernel_from_numpy\n"),  # ...not in the grade
        code_cell("%%prep 999\npass"),
    ]

    # The kernel finds the workspace upwards from the notebook's folder, as in Jupyter; grades are cold.
    monkeypatch.delenv("PREP_WORKSPACE", raising=False)
    monkeypatch.setenv("PREP_NO_SERVER", "1")
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    km = kernel(tmp_path)
    client = nbclient.NotebookClient(nb, km=km, timeout=120, resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()  # an error output in any cell (a traceback) fails here
    finally:
        if km.has_kernel:  # a kernel manager we gave nbclient: its kernel is ours to shut down
            km.shutdown_kernel(now=True)
    assert not stray_processes(), "the kernel or a grade of it was left running"

    reference, wrong, defines, leaked, unknown = (text_of(cell) for cell in nb.cells[2:])
    assert "Score 100%" in reference and "tensor_to_numpy" in reference, reference
    assert any("text/html" in out.get("data", {}) for out in nb.cells[2].outputs)  # rich's Jupyter rendering
    score = re.search(r"Score (\d+)%", wrong)
    assert score and 0 < int(score.group(1)) < 100 and "FAIL" in wrong, wrong
    assert "(2,)" in defines
    assert "Score 0%" in leaked and "kernel_to_numpy" in leaked, leaked  # a NameError in the fresh process
    assert unknown.strip() == "error: unknown question '999': choose a number from 1 to 92", unknown
    assert [out.get("name") for out in nb.cells[6].outputs] == ["stderr"]

    # Each cell was saved as the attempt and recorded in the workspace's progress, like `prep grade 1`.
    attempt = ws.attempt_path(Q1).read_text().splitlines()  # the cell's lines, at the cell's line numbers
    assert attempt[0].startswith("# the %%prep 1 cell") and attempt[1:] == [
        "to_numpy = kernel_to_numpy",
        "from_numpy = kernel_from_numpy",
    ]
    store = Store(ws.db_path)
    try:
        scores = [row[0] for row in store.conn.execute("SELECT score FROM attempts ORDER BY id")]
        stats = store.stats()[1]
    finally:
        store.close()
    assert scores[0] == 1.0 and 0 < scores[1] < 1 and scores[2] == 0.0 and len(scores) == 3, scores
    assert stats.passed and stats.best_score == 1.0
