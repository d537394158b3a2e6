"""Correct, written differently: layers registered out of order and applied with F.gelu; the MLP's
projection is registered after the blocks."""

import torch
import torch.nn.functional as F
from torch import nn


class ResidualBlock(nn.Module):
    def __init__(self, in_dim: int, out_dim: int) -> None:
        super().__init__()
        self.out_layer = nn.Linear(out_dim, out_dim)
        self.in_layer = nn.Linear(in_dim, out_dim)
        self.ln = nn.LayerNorm(in_dim)
        self.shortcut = nn.Linear(in_dim, out_dim) if in_dim != out_dim else nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = F.gelu(self.in_layer(self.ln(x)))
        return torch.add(self.shortcut(x), self.out_layer(h))


class ResidualMLP(nn.Module):
    def __init__(self, in_dim: int, hidden_dim: int, out_dim: int, depth: int) -> None:
        super().__init__()
        self.blocks = nn.ModuleList([ResidualBlock(hidden_dim, hidden_dim) for _ in range(depth)])
        self.head = nn.Linear(hidden_dim, out_dim)
        self.embed = None if in_dim == hidden_dim else nn.Linear(in_dim, hidden_dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = x if self.embed is None else self.embed(x)
        for block in self.blocks:
            h = block(h)
        return self.head(h)
