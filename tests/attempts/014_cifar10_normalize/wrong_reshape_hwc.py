"""Wrong: reshapes each row to (32, 32, 3) and permutes, as if pixels were stored RGB-interleaved."""
# fails: load_keeps_channel_layout
# cause: each row is 1024 red, then 1024 green, then 1024 blue values: reshape to (N, 3, 32, 32), not (N, 32, 32, 3)

import pickle

import torch


def load_cifar_batch(path):
    with open(path, "rb") as f:
        batch = pickle.load(f, encoding="bytes")
    images = torch.from_numpy(batch[b"data"].reshape(-1, 32, 32, 3)).permute(0, 3, 1, 2)
    return images, torch.tensor(batch[b"labels"])


def channel_stats(images):
    x = images if images.is_floating_point() else images.float() / 255
    return x.mean(dim=(0, 2, 3)), x.std(dim=(0, 2, 3), correction=0)


def normalize(images, mean, std):
    x = images if images.is_floating_point() else images.float() / 255
    mean = torch.as_tensor(mean, dtype=torch.float32).view(3, 1, 1)
    std = torch.as_tensor(std, dtype=torch.float32).view(3, 1, 1)
    return (x - mean) / std
