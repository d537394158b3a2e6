"""Wrong: returns x.grad, a 0-d tensor, instead of a Python float."""
# fails: returns_a_python_float

import torch


def derivative_at(f, x0: float) -> float:
    with torch.enable_grad():
        x = torch.tensor(float(x0), dtype=torch.float64, requires_grad=True)
        f(x).backward()
    return x.grad
