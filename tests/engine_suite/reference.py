import torch


def work(rank: int, mode: str) -> torch.Tensor:
    return torch.arange(3.0) * (rank + 1)
