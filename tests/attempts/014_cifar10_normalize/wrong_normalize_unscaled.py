"""Wrong: normalize forgets to divide uint8 pixels by 255, so (0-255) values meet [0, 1] stats."""
# fails: normalize_matches_reference, normalised_channels_have_mean_0_std_1
# cause: uint8 pixels are not divided by 255 before normalising

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
    mean = torch.as_tensor(mean, dtype=torch.float32).view(3, 1, 1)
    std = torch.as_tensor(std, dtype=torch.float32).view(3, 1, 1)
    return (images.float() - mean) / std
