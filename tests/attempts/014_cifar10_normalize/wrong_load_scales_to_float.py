"""Wrong: the loader already divides by 255 and returns float32 images instead of uint8."""
# fails: load_image_shape_and_dtype, load_keeps_channel_layout

import pickle

import torch


def load_cifar_batch(path):
    with open(path, "rb") as f:
        batch = pickle.load(f, encoding="bytes")
    images = torch.from_numpy(batch[b"data"].reshape(-1, 3, 32, 32)).float() / 255
    return images, torch.tensor(batch[b"labels"])


def channel_stats(images):
    x = images if images.is_floating_point() else images.float() / 255
    return x.mean(dim=(0, 2, 3)), x.std(dim=(0, 2, 3), correction=0)


def normalize(images, mean, std):
    x = images if images.is_floating_point() else images.float() / 255
    mean = torch.as_tensor(mean, dtype=torch.float32).view(3, 1, 1)
    std = torch.as_tensor(std, dtype=torch.float32).view(3, 1, 1)
    return (x - mean) / std
