"""Wrong: `torch.tensor([x0])` is a (1,) tensor, not the 0-d tensor f is promised (backward still works on it)."""
# fails: f_receives_a_0d_tensor

import torch


def derivative_at(f, x0: float) -> float:
    with torch.enable_grad():
        x = torch.tensor([float(x0)], dtype=torch.float64, requires_grad=True)
        f(x).backward()
    return x.grad.item()
