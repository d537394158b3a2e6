"""Wrong: mean[None, :, None, None] assumes a batch, so a single (3, H, W) image comes back (1, 3, H, W)."""
# fails: normalize_output_shape, normalize_matches_reference

import pickle

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
    x = images if images.is_floating_point() else images.float() / 255
    mean = torch.as_tensor(mean, dtype=torch.float32)[None, :, None, None]
    std = torch.as_tensor(std, dtype=torch.float32)[None, :, None, None]
    return (x - mean) / std
