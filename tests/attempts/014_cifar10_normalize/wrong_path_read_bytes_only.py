"""Wrong: calls `path.read_bytes()`, which a pathlib.Path has and a str does not."""
# fails: load_accepts_str_path

import pickle

import numpy as np
import torch


def load_cifar_batch(path):
    d = pickle.loads(path.read_bytes(), encoding="bytes")
    data = d[b"data"] if b"data" in d else d["data"]
    labels = d[b"labels"] if b"labels" in d else d["labels"]
    images = torch.from_numpy(np.asarray(data, dtype=np.uint8).reshape(-1, 3, 32, 32).copy())
    return images, torch.tensor(list(labels), dtype=torch.int64)


def channel_stats(images):
    x = images.to(torch.float64)
    if images.dtype == torch.uint8:
        x = x / 255.0
    mean = x.mean(dim=(0, 2, 3))
    std = x.var(dim=(0, 2, 3), correction=0).sqrt()
    return mean.float(), std.float()


def normalize(images, mean, std):
    x = images.float() / 255.0 if images.dtype == torch.uint8 else images.float()
    mean = torch.as_tensor(mean, dtype=torch.float32).view(-1, 1, 1)
    std = torch.as_tensor(std, dtype=torch.float32).view(-1, 1, 1)
    return (x - mean) / std
