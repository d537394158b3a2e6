"""Wrong: `x.requires_grad_()` on the caller's tensor ("so that autograd can run") changes the input."""
# fails: output_shapes, two_d_input_matches_reference, batched_input_matches_reference

import torch


def matmul_transpose(x: torch.Tensor) -> torch.Tensor:
    if x.is_leaf and not x.requires_grad:
        x.requires_grad_()
    return x @ x.mT
