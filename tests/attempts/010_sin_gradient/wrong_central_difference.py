"""Wrong: a central difference with h = 1e-5 in float64 is accurate to ~1e-10 for smooth f, but it is not autograd:
it misses a derivative that f defines in its backward."""
# fails: derivative_comes_from_autograd
# cause: a finite difference sees only f's values (slope 0 on a rounding step), not the derivative f's backward defines

import torch


def derivative_at(f, x0: float) -> float:
    h = 1e-5
    x = torch.tensor(float(x0), dtype=torch.float64)
    return float((f(x + h) - f(x - h)) / (2 * h))
