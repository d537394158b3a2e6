"""Wrong: the model is never put in eval mode, so Dropout drops and BatchNorm uses (and updates) batch statistics."""
# fails: model_runs_in_eval_mode, training_flag_and_weights_are_restored

import numpy as np
import torch
from torch import nn


def predict_in_batches(model: nn.Module, data: np.ndarray | np.memmap, batch_size: int) -> np.ndarray:
    was_training = model.training
    try:
        outputs = []
        with torch.inference_mode():
            for start in range(0, len(data), batch_size):
                # A float32 copy of this slice only: the memmap itself is never read as a whole.
                chunk = torch.from_numpy(np.array(data[start : start + batch_size], dtype=np.float32))  # (b, ...)
                outputs.append(model(chunk).cpu().numpy())
        return np.concatenate(outputs)  # (N, *out)
    finally:
        model.train(was_training)
