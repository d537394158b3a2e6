"""Wrong: `x.float()` first turns float64 input into float32, so float64 comes back as float32."""
# fails: float64_input_stays_float64

import torch


def matmul_transpose(x: torch.Tensor) -> torch.Tensor:
    x = x.float()
    return x @ x.mT
