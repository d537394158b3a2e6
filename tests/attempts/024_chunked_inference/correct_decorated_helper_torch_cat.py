"""Correct, written differently: the whole function under inference_mode as a decorator; outputs joined with
torch.cat."""

import numpy as np
import torch


@torch.inference_mode()
def _run(model, data, batch_size):
    parts = []
    i = 0
    total = len(data)
    while i < total:
        j = min(i + batch_size, total)
        rows = data[i:j]
        parts.append(model(torch.tensor(np.array(rows, copy=True)).float()))
        i = j
    return torch.cat(parts, dim=0)


def predict_in_batches(model, data, batch_size):
    before = model.training
    model.eval()
    try:
        out = _run(model, data, batch_size)
    finally:
        model.train(before)
    return out.numpy().astype(np.float32, copy=False)
