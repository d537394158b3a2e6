"""Wrong: each chunk is reshaped to (B, -1), so rows of shape (C, F) reach the model flattened to (C*F,)."""
# fails: matches_the_full_batch_output, forward_runs_under_inference_mode

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
            x = torch.as_tensor(chunk, dtype=torch.float32).reshape(len(chunk), -1)
            with torch.inference_mode():
                y = model(x)
            outs.append(y.detach().to(torch.float32).cpu().numpy())
        return np.concatenate(outs, axis=0).astype(np.float32, copy=False)
    finally:
        model.train(was_training)
