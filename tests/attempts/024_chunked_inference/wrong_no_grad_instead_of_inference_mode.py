"""Wrong: `torch.no_grad()` is used where the spec asks for `torch.inference_mode()`."""
# fails: forward_runs_under_inference_mode

import numpy as np
import torch
from torch import nn


def predict_in_batches(model: nn.Module, data: np.ndarray | np.memmap, batch_size: int) -> np.ndarray:
    was_training = model.training
    model.eval()
    try:
        outputs = []
        with torch.no_grad():
            for start in range(0, len(data), batch_size):
                # A float32 copy of this slice only: the memmap itself is never read as a whole.
                chunk = torch.from_numpy(np.array(data[start : start + batch_size], dtype=np.float32))  # (b, ...)
                outputs.append(model(chunk).cpu().numpy())
        return np.concatenate(outputs)  # (N, *out)
    finally:
        model.train(was_training)
