"""Wrong: float images are divided by 255 too, though they are already in [0, 1]."""
# fails: channel_stats_take_float_input_as_unit_scale, normalize_takes_float_input_as_unit_scale
# cause: float images were divided by 255 again; float input is already in [0, 1]

import pickle

import torch


def load_cifar_batch(path):
    with open(path, "rb") as f:
        batch = pickle.load(f, encoding="bytes")
    images = torch.from_numpy(batch[b"data"].reshape(-1, 3, 32, 32))
    return images, torch.tensor(batch[b"labels"])


def channel_stats(images):
    x = images.float() / 255
    return x.mean(dim=(0, 2, 3)), x.std(dim=(0, 2, 3), correction=0)


def normalize(images, mean, std):
    x = images.float() / 255
    mean = torch.as_tensor(mean, dtype=torch.float32).view(3, 1, 1)
    std = torch.as_tensor(std, dtype=torch.float32).view(3, 1, 1)
    return (x - mean) / std
