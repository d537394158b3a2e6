"""Wrong: torch.tensor(x0, requires_grad=True) is float32 (x0 rounded) and fails for an int x0."""
# fails: full_float64_precision, integer_x0_works
# cause: x0 was rounded to float32 (`torch.tensor(x0)` is float32): make the leaf float64

import torch


def derivative_at(f, x0: float) -> float:
    with torch.enable_grad():
        x = torch.tensor(x0, requires_grad=True)
        y = f(x)
        y.backward()
    return x.grad.item()
