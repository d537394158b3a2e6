"""Wrong: `x @ x[0].mT` multiplies every matrix of a batch by the transpose of the first one."""
# fails: batched_input_matches_reference, output_is_symmetric
# cause: every matrix was multiplied by the transpose of the first one, `x[0]`, not by its own

import torch


def matmul_transpose(x: torch.Tensor) -> torch.Tensor:
    if x.dim() == 3:
        return x @ x[0].mT
    return x @ x.mT
