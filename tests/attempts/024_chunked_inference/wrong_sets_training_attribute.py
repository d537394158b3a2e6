"""Wrong: `model.training = False` changes only the top-level flag; Dropout and BatchNorm stay in train mode."""
# fails: model_runs_in_eval_mode

import numpy as np
import torch
from torch import nn


def predict_in_batches(model: nn.Module, data: np.ndarray | np.memmap, batch_size: int) -> np.ndarray:
    was_training = model.training
    model.training = False
    try:
        outputs = []
        with torch.inference_mode():
            for start in range(0, len(data), batch_size):
                chunk = torch.from_numpy(np.array(data[start : start + batch_size], dtype=np.float32))
                outputs.append(model(chunk).numpy())
        return np.concatenate(outputs)
    finally:
        model.training = was_training
