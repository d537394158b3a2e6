"""Wrong: the whole array is converted to one tensor first (`np.asarray(data)`), then cut into chunks."""
# fails: never_reads_or_forwards_more_than_batch_size_rows

import numpy as np
import torch
from torch import nn


def predict_in_batches(model: nn.Module, data: np.ndarray | np.memmap, batch_size: int) -> np.ndarray:
    was_training = model.training
    model.eval()
    try:
        x = torch.as_tensor(np.asarray(data), dtype=torch.float32)  # (N, ...): everything in memory
        with torch.inference_mode():
            outputs = [model(chunk).numpy() for chunk in x.split(batch_size)]
        return np.concatenate(outputs)
    finally:
        model.train(was_training)
