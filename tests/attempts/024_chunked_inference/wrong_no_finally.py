"""Wrong: the mode is restored after the loop instead of in `finally`, so an error leaves the model in eval mode."""
# fails: training_flag_restored_when_the_model_raises

import numpy as np
import torch
from torch import nn


def predict_in_batches(model: nn.Module, data: np.ndarray | np.memmap, batch_size: int) -> np.ndarray:
    was_training = model.training
    model.eval()
    outputs = []
    with torch.inference_mode():
        for start in range(0, len(data), batch_size):
            chunk = torch.from_numpy(np.array(data[start : start + batch_size], dtype=np.float32))
            outputs.append(model(chunk).cpu().numpy())
    model.train(was_training)
    return np.concatenate(outputs)
