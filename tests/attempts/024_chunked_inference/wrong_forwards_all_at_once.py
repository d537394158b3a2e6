"""Wrong: the chunks are read one by one but concatenated and sent through the model in one call."""
# fails: never_reads_or_forwards_more_than_batch_size_rows

import numpy as np
import torch
from torch import nn


def predict_in_batches(model: nn.Module, data: np.ndarray | np.memmap, batch_size: int) -> np.ndarray:
    was_training = model.training
    model.eval()
    try:
        chunks = [np.array(data[s : s + batch_size], dtype=np.float32) for s in range(0, len(data), batch_size)]
        with torch.inference_mode():
            return model(torch.from_numpy(np.concatenate(chunks))).numpy()
    finally:
        model.train(was_training)
