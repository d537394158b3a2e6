"""Wrong: computing in float64 "for accuracy" returns float64 for float32 input."""
# fails: two_d_input_matches_reference, batched_input_matches_reference, gradients_match_reference

import torch


def matmul_transpose(x: torch.Tensor) -> torch.Tensor:
    xd = x.double()
    return xd @ xd.transpose(-1, -2)
