import torch


def work(rank: int, mode: str) -> torch.Tensor:
    return torch.tensor([0.0, 1.0, 2.0]) * (rank + 1)


def quick() -> None:
    pass


def encode() -> bytes:
    import base64

    return base64.b64encode(b"ok")
