"""Wrong: the result is preallocated with `torch.empty(n, p + q)`, in the default float32, whatever the inputs."""
# fails: keeps_the_dtype
# cause: the result went through float32 (`.float()`, or torch.empty/zeros in the default dtype): keep the dtype

import torch


def concat_columns(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    a = a.unsqueeze(1) if a.dim() == 1 else a
    b = b.unsqueeze(1) if b.dim() == 1 else b
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"row counts differ: {tuple(a.shape)} and {tuple(b.shape)}")
    p = a.shape[1]
    out = torch.empty(a.shape[0], p + b.shape[1])
    out[:, :p] = a
    out[:, p:] = b
    return out
