"""`prep server status|stop|start`: the workspace's warm grading server (see `grader.engine.server`)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer

from grader.cli import render
from grader.cli.context import console, usage_errors
from grader.workspace import find_workspace

server_app = typer.Typer(
    name="server", help="The warm grading server that makes `prep grade` fast.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(server_app)


def _described(info: dict | None, state_dir: Path) -> str:
    from grader.engine import server

    if info is None:
        how = "the next `prep grade` starts it" if server.enabled() else f"{server.ENV_OFF} is set: not used"
        return f"no grading server is running for this workspace ({how})"
    warm = ", ".join(Path(p["suite"]).stem.removeprefix("test_") for p in info["prepared"]) or "none yet"
    state = "ready" if info["ready"] else "starting"
    if info["grading"] is not None:
        state = f"grading question {info['grading']}"
    socket = render.relative(Path(info["socket"]))
    return (
        f"grading server {state} · pid {info['pid']} · up {render.clock(time.time() - info['started'])} · "
        f"{info['served']} grade(s) served · idle {render.clock(info['idle_s'])} (leaves after "
        f"{render.clock(info['idle_limit_s'])}) · questions prepared: {warm} · socket {socket}"
    )


@server_app.command("status")
@usage_errors
def status(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Whether the server runs, since when, how many grades it served and which questions it keeps warm."""
    from grader.engine import server

    state_dir = find_workspace().state_dir
    info = server.status(state_dir)
    if as_json:
        typer.echo(json.dumps({"running": info is not None, "enabled": server.enabled(), **(info or {})}))
    else:
        console.print(_described(info, state_dir), markup=False)


@server_app.command("stop")
@usage_errors
def stop() -> None:
    """Stop the server (the next `prep grade` is cold and starts a new one)."""
    from grader.engine import server

    pid = server.stop(find_workspace().state_dir)
    console.print("no grading server was running" if pid is None else f"stopped the grading server (pid {pid})")


@server_app.command("start")
@usage_errors
def start(
    wait: Annotated[float, typer.Option(help="Seconds to wait until it is ready (0: do not wait).")] = 120.0,
) -> None:
    """Start the server now rather than with the next `prep grade`."""
    from grader.engine import server

    state_dir = find_workspace().state_dir
    server.start(state_dir)
    deadline = time.monotonic() + wait
    info = server.status(state_dir)
    while (info is None or not info["ready"]) and time.monotonic() < deadline:
        time.sleep(0.1)
        info = server.status(state_dir)
    console.print(_described(info, state_dir), markup=False)
    if wait and (info is None or not info["ready"]):
        raise typer.Exit(1)
