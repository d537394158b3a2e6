"""Wrong: the outputs are returned as a torch tensor (`torch.cat`), not as a NumPy array."""
# fails: returns_a_float32_ndarray, matches_the_full_batch_output

import numpy as np
import torch
from torch import nn


def predict_in_batches(model: nn.Module, data: np.ndarray | np.memmap, batch_size: int) -> np.ndarray:
    was_training = model.training
    model.eval()
    try:
        outputs = []
        with torch.inference_mode():
            for start in range(0, len(data), batch_size):
                outputs.append(model(torch.tensor(data[start : start + batch_size], dtype=torch.float32)))
        return torch.cat(outputs)
    finally:
        model.train(was_training)
