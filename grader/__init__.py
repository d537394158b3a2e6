"""prep: PyTorch interview exercises with graders that check shapes, gradients and numerics."""

__version__ = "0.1.0"
