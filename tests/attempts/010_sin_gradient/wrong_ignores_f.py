"""Wrong: hard-codes the derivative of sin (cos) and ignores f."""
# fails: grader_chosen_functions
# cause: derivative_at returned cos(x0), the derivative of sin, whatever f was

import torch


def derivative_at(f, x0: float) -> float:
    return torch.cos(torch.tensor(float(x0), dtype=torch.float64)).item()
