"""Wrong: treating the transposed factor as a constant (`x.detach().mT`) drops the gradient through x^T."""
# fails: gradients_match_reference
# cause: the transposed factor is detached (`x @ x.detach().mT`): the gradient through x^T is lost

import torch


def matmul_transpose(x: torch.Tensor) -> torch.Tensor:
    return x @ x.detach().mT
