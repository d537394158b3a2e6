"""Wrong: `np.vstack` of (B,) outputs makes a 2-D array of chunks instead of one (N,) array."""
# fails: matches_the_full_batch_output, returns_a_float32_ndarray
# cause: np.vstack stacks (B,) outputs as rows of a 2-D array: use np.concatenate

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
                chunk = torch.from_numpy(np.array(data[start : start + batch_size], dtype=np.float32))
                outputs.append(model(chunk).numpy())
        return np.vstack(outputs)
    finally:
        model.train(was_training)
