"""Wrong: hard-codes the derivative of sin (cos) and ignores f."""
# fails: grader_chosen_functions

import torch


def derivative_at(f, x0: float) -> float:
    return torch.cos(torch.tensor(float(x0), dtype=torch.float64)).item()
