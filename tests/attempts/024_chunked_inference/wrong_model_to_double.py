"""Wrong: float64 data stays float64 and the model is cast with `model.double()` to accept it."""
# fails: matches_the_full_batch_output, training_flag_and_weights_are_restored

import numpy as np
import torch
from torch import nn


def predict_in_batches(model: nn.Module, data: np.ndarray | np.memmap, batch_size: int) -> np.ndarray:
    was_training = model.training
    model.eval()
    try:
        outs = []
        n = len(data)
        for start in range(0, n, batch_size):
            chunk = np.asarray(data[start : start + batch_size])
            x = torch.from_numpy(np.ascontiguousarray(chunk))
            if x.dtype == torch.float64:
                model.double()
            with torch.inference_mode():
                y = model(x)
            outs.append(y.detach().to(torch.float32).cpu().numpy())
        return np.concatenate(outs, axis=0).astype(np.float32, copy=False)
    finally:
        model.train(was_training)
