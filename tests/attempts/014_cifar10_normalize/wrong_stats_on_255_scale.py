"""Wrong: channel_stats works on raw 0-255 pixel values instead of the [0, 1] scale."""
# fails: channel_stats_match_reference, normalised_channels_have_mean_0_std_1
# cause: the stats are on the 0-255 scale: divide uint8 pixels by 255 first

import pickle

import torch


def load_cifar_batch(path):
    with open(path, "rb") as f:
        batch = pickle.load(f, encoding="bytes")
    images = torch.from_numpy(batch[b"data"].reshape(-1, 3, 32, 32))
    return images, torch.tensor(batch[b"labels"])


def channel_stats(images):
    x = images.float()
    return x.mean(dim=(0, 2, 3)), x.std(dim=(0, 2, 3), correction=0)


def normalize(images, mean, std):
    x = images if images.is_floating_point() else images.float() / 255
    mean = torch.as_tensor(mean, dtype=torch.float32).view(3, 1, 1)
    std = torch.as_tensor(std, dtype=torch.float32).view(3, 1, 1)
    return (x - mean) / std
