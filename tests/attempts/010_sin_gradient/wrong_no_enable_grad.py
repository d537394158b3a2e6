"""Wrong: without torch.enable_grad(), a call inside torch.no_grad() records no graph to differentiate."""
# fails: works_under_no_grad

import torch


def derivative_at(f, x0: float) -> float:
    x = torch.tensor(float(x0), dtype=torch.float64, requires_grad=True)
    (grad,) = torch.autograd.grad(f(x), x)
    return grad.item()
