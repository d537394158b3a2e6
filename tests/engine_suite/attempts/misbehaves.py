"""Rank 1 raises when spawned and hangs when forked; a slow call; a forbidden import."""

import time

import torch


def work(rank: int, mode: str) -> torch.Tensor:
    if rank == 1 and mode == "spawn":
        raise ValueError("rank one is unhappy")
    if rank == 1:
        while True:
            time.sleep(1)
    return torch.arange(3.0) * (rank + 1)


def quick() -> None:
    time.sleep(10)


def encode() -> bytes:
    import wave

    return wave.__name__.encode()
