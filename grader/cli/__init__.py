"""`prep`: the command-line interface (typer + rich). One module per command group; none imports torch."""

from __future__ import annotations

import typer

from grader.cli import debug, doctor, grading, learn, mock, server, tracking, watch

app = typer.Typer(
    name="prep",
    help="PyTorch interview prep: 92 exercises, graded for shapes, gradients and numerics.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
for group in (learn, grading, watch, debug, tracking, mock, server, doctor):
    group.register(app)


def main() -> None:
    app()
