"""Wrong: detaching to do the product in NumPy cuts the result off from autograd."""
# fails: gradients_match_reference

import numpy as np
import torch


def matmul_transpose(x: torch.Tensor) -> torch.Tensor:
    a = x.detach().numpy()
    return torch.from_numpy(np.matmul(a, np.swapaxes(a, -1, -2)))
