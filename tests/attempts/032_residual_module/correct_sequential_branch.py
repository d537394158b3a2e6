"""Correct, written differently: the branch is one nn.Sequential, the stack is built with a loop over a ModuleList."""

import torch
from torch import nn


class ResidualBlock(nn.Module):
    def __init__(self, in_dim: int, out_dim: int) -> None:
        super().__init__()
        if in_dim == out_dim:
            self.shortcut = nn.Identity()
        else:
            self.shortcut = nn.Linear(in_dim, out_dim)
        self.branch = nn.Sequential(
            nn.LayerNorm(in_dim), nn.Linear(in_dim, out_dim), nn.GELU(), nn.Linear(out_dim, out_dim)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        residual = self.branch(x)
        return residual + self.shortcut(x)


class ResidualMLP(nn.Module):
    def __init__(self, in_dim: int, hidden_dim: int, out_dim: int, depth: int) -> None:
        super().__init__()
        self.needs_projection = in_dim != hidden_dim
        if self.needs_projection:
            self.input_layer = nn.Linear(in_dim, hidden_dim)
        self.blocks = nn.ModuleList()
        for _ in range(depth):
            self.blocks.append(ResidualBlock(hidden_dim, hidden_dim))
        self.head = nn.Linear(hidden_dim, out_dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.needs_projection:
            x = self.input_layer(x)
        for i in range(len(self.blocks)):
            x = self.blocks[i](x)
        return self.head(x)
