"""Correct, written differently: pickle with encoding="latin1" (str keys), torch.var_mean, stats as lists."""

import pickle

import numpy as np
import torch


def load_cifar_batch(path):
    with open(path, "rb") as f:
        batch = pickle.load(f, encoding="latin1")
    data = np.array(batch["data"], dtype=np.uint8)
    return torch.tensor(data).view(len(data), 3, 32, 32), torch.as_tensor(np.array(batch["labels"], dtype=np.int64))


def channel_stats(images):
    x = images.to(torch.float32).div(255.0) if images.dtype == torch.uint8 else images
    per_channel = x.transpose(0, 1).reshape(3, -1)  # (3, N * H * W)
    var, mean = torch.var_mean(per_channel, dim=1, unbiased=False)
    return mean, var.sqrt()


def normalize(images, mean, std):
    x = images.to(torch.float32)
    if images.dtype == torch.uint8:
        x = x / 255.0
    out = torch.empty_like(x)
    for c, (m, s) in enumerate(zip(torch.as_tensor(mean).tolist(), torch.as_tensor(std).tolist(), strict=True)):
        out[..., c, :, :] = (x[..., c, :, :] - m) / s
    return out
