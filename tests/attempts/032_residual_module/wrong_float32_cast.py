"""Wrong: the block casts its input with x.float(), so a float64 model sees float32 input."""
# fails: to_moves_every_submodule

import torch
from torch import nn


class ResidualBlock(nn.Module):
    def __init__(self, in_dim: int, out_dim: int) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(in_dim)
        self.fc1 = nn.Linear(in_dim, out_dim)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(out_dim, out_dim)
        self.shortcut = nn.Identity() if in_dim == out_dim else nn.Linear(in_dim, out_dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.float()
        h = self.fc2(self.act(self.fc1(self.norm(x))))
        return self.shortcut(x) + h


class ResidualMLP(nn.Module):
    def __init__(self, in_dim: int, hidden_dim: int, out_dim: int, depth: int) -> None:
        super().__init__()
        self.proj = nn.Linear(in_dim, hidden_dim) if in_dim != hidden_dim else None
        self.blocks = nn.ModuleList([ResidualBlock(hidden_dim, hidden_dim) for _ in range(depth)])
        self.head = nn.Linear(hidden_dim, out_dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.proj is not None:
            x = self.proj(x)
        for block in self.blocks:
            x = block(x)
        return self.head(x)
