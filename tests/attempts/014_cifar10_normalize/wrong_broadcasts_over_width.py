"""Wrong: `(x - mean) / std` with (3,) stats broadcasts over the last dim (W), not the channels."""
# fails: normalize_matches_reference, normalised_channels_have_mean_0_std_1
# cause: mean and std of shape (3,) broadcast over the last dim (W), not the channels: view them as (3, 1, 1)

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
    return (x - torch.as_tensor(mean)) / torch.as_tensor(std)
