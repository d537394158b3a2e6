"""Wrong: `data.shape[0]` assumes an array, but the data may be any object offering only len() and slices."""
# fails: never_reads_or_forwards_more_than_batch_size_rows

import numpy as np
import torch
from torch import nn


def predict_in_batches(model: nn.Module, data: np.ndarray | np.memmap, batch_size: int) -> np.ndarray:
    was_training = model.training
    model.eval()
    try:
        outputs = []
        with torch.inference_mode():
            for start in range(0, data.shape[0], batch_size):
                chunk = torch.from_numpy(np.array(data[start : start + batch_size], dtype=np.float32))
                outputs.append(model(chunk).numpy())
        return np.concatenate(outputs)
    finally:
        model.train(was_training)
