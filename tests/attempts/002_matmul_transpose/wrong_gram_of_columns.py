"""Wrong: `x^T @ x` multiplies the columns, giving (m, m) instead of (n, n)."""
# fails: output_shapes, two_d_input_matches_reference
# cause: you computed x^T @ x (products of the columns), not x @ x^T (products of the rows)

import torch


def matmul_transpose(x: torch.Tensor) -> torch.Tensor:
    return x.transpose(-2, -1) @ x
