"""Wrong: reads every chunk into a list first and only then runs the model on them: each slice is small, but
the whole array ends up in memory."""
# fails: never_reads_or_forwards_more_than_batch_size_rows

import numpy as np
import torch
from torch import nn


def predict_in_batches(model: nn.Module, data: np.ndarray | np.memmap, batch_size: int) -> np.ndarray:
    was_training = model.training
    model.eval()
    try:
        chunks = [
            torch.as_tensor(np.asarray(data[i : i + batch_size]), dtype=torch.float32)
            for i in range(0, len(data), batch_size)
        ]
        with torch.inference_mode():
            return np.concatenate([model(chunk).numpy() for chunk in chunks])
    finally:
        model.train(was_training)
