"""A correct answer to question 2 that keeps a DataLoader with persistent workers alive between calls: the
engine kills the workers after each check, which must not surface as torch's "worker killed" error."""

import torch

_kept = []


def matmul_transpose(x: torch.Tensor) -> torch.Tensor:
    data = torch.utils.data.TensorDataset(torch.arange(4.0))
    loader = torch.utils.data.DataLoader(data, batch_size=2, num_workers=2, persistent_workers=True)
    _kept.append(iter(loader))
    next(_kept[-1])
    return x @ x.transpose(-1, -2)
