"""Wrong: normalises with NumPy, whose float64 result comes back as a float64 tensor."""
# fails: normalize_returns_float32, normalize_matches_reference

import pickle

import numpy as np
import torch


def load_cifar_batch(path):
    with open(path, "rb") as f:
        batch = pickle.load(f, encoding="bytes")
    images = torch.from_numpy(batch[b"data"].reshape(-1, 3, 32, 32))
    return images, torch.tensor(batch[b"labels"])


def channel_stats(images):
    x = images if images.is_floating_point() else images.float() / 255
    return x.mean(dim=(0, 2, 3)), x.std(dim=(0, 2, 3), correction=0)


def normalize(images, mean, std):
    x = images.numpy() / 255.0 if not images.is_floating_point() else images.numpy()
    mean = np.asarray(mean, dtype=np.float64).reshape(3, 1, 1)
    std = np.asarray(std, dtype=np.float64).reshape(3, 1, 1)
    return torch.from_numpy((x - mean) / std)
