"""prep: PyTorch interview exercises with graders that check shapes, gradients and numerics."""

__version__ = "0.1.0"


def load_ipython_extension(ipython: object) -> None:
    """`%load_ext grader` in Jupyter: registers the `%%prep N` cell magic (grader/notebook.py)."""
    from grader.notebook import load_ipython_extension as load

    load(ipython)
