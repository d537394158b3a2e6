"""Wrong: `torch.from_numpy(chunk)` keeps float64 data float64, which a float32 model refuses."""
# fails: matches_the_full_batch_output, returns_a_float32_ndarray

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
                chunk = torch.from_numpy(np.array(data[start : start + batch_size]))
                outputs.append(model(chunk).numpy())
        return np.concatenate(outputs)
    finally:
        model.train(was_training)
