"""Wrong: a forward finite difference with h = 1e-3 instead of autograd is off by about h * f''(x0) / 2."""
# fails: sin_at_pi_over_4, grader_chosen_functions, derivative_comes_from_autograd
# cause: a finite difference sees only f's values (slope 0 on a rounding step), not the derivative f's backward defines

import torch


def derivative_at(f, x0: float) -> float:
    h = 1e-3
    x = torch.tensor(float(x0), dtype=torch.float64)
    return ((f(x + h) - f(x)) / h).item()
