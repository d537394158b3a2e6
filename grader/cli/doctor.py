"""`prep doctor`: the environment, the workspace and the state of the progress data."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.text import Text

from grader import __version__
from grader.cli.context import catalog, console, usage_errors, workspace_or_none
from grader.store import StateError, Store, move_aside

WATCH_PACKAGE = "watchfiles"  # `prep watch`
NOTEBOOK_PACKAGES = ("ipython", "ipykernel")  # the `notebook` extra: `%load_ext grader`, `%%prep N`
TORCH_PROBE = (
    "import json, torch; print(json.dumps({'cuda': torch.cuda.is_available(), "
    "'cuda_devices': torch.cuda.device_count(), 'mps': torch.backends.mps.is_available(), "
    "'threads': torch.get_num_threads()}))"
)


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor)


def _version(package: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _torch_probe() -> dict | str:
    """Ask a separate interpreter, so that this process never imports torch."""
    import subprocess

    try:
        done = subprocess.run([sys.executable, "-c", TORCH_PROBE], capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return "torch import timed out"
    if done.returncode != 0:
        return (done.stderr.strip().splitlines() or ["torch failed to import"])[-1]
    return json.loads(done.stdout)


@usage_errors
def doctor(
    move_aside_state: Annotated[
        bool, typer.Option("--move-aside", help="Set a damaged or foreign progress database aside and start fresh.")
    ] = False,
) -> None:
    """Report Python, torch, CUDA, optional packages, the workspace and the progress database."""
    rows: list[tuple[str, str, bool]] = [
        ("prep", __version__, True),
        ("python", f"{sys.version.split()[0]} ({sys.executable})", sys.version_info >= (3, 10)),
    ]
    torch_version = _version("torch")
    rows.append(("torch", torch_version or "not installed", torch_version is not None))
    if torch_version:
        probe = _torch_probe()
        if isinstance(probe, str):
            rows.append(("torch import", probe, False))
        else:
            cuda = f"yes ({probe['cuda_devices']} device(s))" if probe["cuda"] else "no (CUDA checks are skipped)"
            rows += [("cuda", cuda, True), ("mps", "yes" if probe["mps"] else "no", True),
                     ("cpu threads", str(probe["threads"]), True)]  # fmt: skip
    for package in ("numpy", "pytest", "pytest-timeout", "rich", "typer"):
        version = _version(package)
        rows.append((package, version or "missing", version is not None))
    cat = catalog()
    rows += _extra_rows(cat.required_packages())
    rows.append(_notebook_row())
    rows.append(("questions", f"{sum(q.available for q in cat.questions)} of {len(cat.questions)} available", True))
    rows += _workspace_rows(move_aside_state)

    for name, value, ok in rows:
        console.print(Text(f"{'ok' if ok else 'PROBLEM':<8} {name:<24} ", style="" if ok else "bold red") + Text(value))
    raise typer.Exit(0 if all(ok for _, _, ok in rows) else 1)


def _extra_rows(needed: dict[str, tuple[int, ...]]) -> list[tuple[str, str, bool]]:
    """The packages only some questions (`requires` in the catalog) or watch mode need: version, or missing."""
    rows = []
    for package in sorted({*needed, WATCH_PACKAGE}):
        numbers = needed.get(package, ())
        used_by = f"question{'s' * (len(numbers) > 1)} {', '.join(map(str, numbers))}" if numbers else "prep watch"
        version = _version(package)
        value = f"{version} ({used_by})" if version else f"missing ({used_by}): pip install {package}"
        rows.append((package, value, version is not None))
    return rows


def _notebook_row() -> tuple[str, str, bool]:
    """`%%prep` in Jupyter: optional, so never a problem; how to get it when it is not there."""
    versions = {package: _version(package) for package in NOTEBOOK_PACKAGES}
    if all(versions.values()):
        return "notebooks", ", ".join(f"{p} {v}" for p, v in versions.items()) + " (%%prep in Jupyter)", True
    return "notebooks", 'not set up (optional, %%prep in Jupyter): pip install "prep[notebook]"', True


def _workspace_rows(move: bool) -> list[tuple[str, str, bool]]:
    workspace = workspace_or_none()
    if workspace is None:
        return [("workspace", "none yet (`prep next` creates one)", True)]
    rows = [("workspace", str(workspace.root), True)]
    if not workspace.db_path.exists():
        return [*rows, ("progress", "no database yet", True)]
    try:
        store = Store(workspace.db_path)
    except StateError as err:
        if move:
            moved = move_aside(workspace.db_path)
            return [*rows, ("progress", f"damaged database moved to {moved.name}; starting fresh", True)]
        return [*rows, ("progress", str(err), False)]
    try:
        health = store.health()
    finally:
        store.close()
    summary = f"{workspace.db_path.name}: schema {health.schema}, {health.attempts} graded attempts"
    return [*rows, ("progress", f"{summary}, integrity {health.integrity}", health.integrity == "ok")]
