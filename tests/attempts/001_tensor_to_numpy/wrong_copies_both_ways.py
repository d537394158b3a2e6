"""Wrong: np.array(...) and torch.tensor(...) copy the data instead of sharing memory."""
# fails: to_numpy_shares_memory, from_numpy_shares_memory

import numpy as np
import torch


def to_numpy(t: torch.Tensor) -> np.ndarray:
    return np.array(t.detach().cpu())


def from_numpy(a: np.ndarray) -> torch.Tensor:
    return torch.tensor(a)
