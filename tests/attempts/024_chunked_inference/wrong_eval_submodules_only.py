"""Wrong: only the submodules are put in eval mode, so `model.training` stays True during the run."""
# fails: model_runs_in_eval_mode

import numpy as np
import torch
from torch import nn


def predict_in_batches(model: nn.Module, data: np.ndarray | np.memmap, batch_size: int) -> np.ndarray:
    was_training = model.training
    for m in list(model.modules())[1:]:
        m.eval()
    try:
        outs = []
        n = len(data)
        for start in range(0, n, batch_size):
            chunk = np.asarray(data[start : start + batch_size])
            x = torch.as_tensor(chunk, dtype=torch.float32)
            with torch.inference_mode():
                y = model(x)
            outs.append(y.detach().to(torch.float32).cpu().numpy())
        return np.concatenate(outs, axis=0).astype(np.float32, copy=False)
    finally:
        for m in list(model.modules())[1:]:
            m.train(was_training)
