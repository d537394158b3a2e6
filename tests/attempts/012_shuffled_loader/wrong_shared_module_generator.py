"""Wrong: one module-level generator, reseeded by every make_loader call, shared by all loaders."""
# fails: same_seed_reproduces_across_loaders

import torch
from torch.utils.data import DataLoader

_G = torch.Generator()


def make_loader(dataset, batch_size, shuffle=True, seed=0, drop_last=False):
    g = _G
    g.manual_seed(seed)
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, drop_last=drop_last, generator=g)
