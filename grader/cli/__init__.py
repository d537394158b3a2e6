"""`prep`: the command-line interface (typer + rich). One module per command group; none imports torch."""

from __future__ import annotations

import typer

from grader.cli import doctor, grading, learn, mock, tracking

app = typer.Typer(
    name="prep",
    help="PyTorch interview prep: 92 exercises, graded for shapes, gradients and numerics.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
for group in (learn, grading, tracking, mock, doctor):
    group.register(app)


def main() -> None:
    app()
