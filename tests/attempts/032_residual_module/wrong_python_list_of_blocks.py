"""Wrong: the blocks live in a plain Python list, so the model does not register (or move) them."""
# fails: submodules_are_registered, to_moves_every_submodule

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
        # Pre-norm and nothing after the sum: a zero residual branch leaves exactly the shortcut.
        return self.shortcut(x) + self.fc2(self.act(self.fc1(self.norm(x))))  # (B, out_dim)


class ResidualMLP(nn.Module):
    def __init__(self, in_dim: int, hidden_dim: int, out_dim: int, depth: int) -> None:
        super().__init__()
        self.proj = nn.Linear(in_dim, hidden_dim) if in_dim != hidden_dim else nn.Identity()
        self.blocks = [ResidualBlock(hidden_dim, hidden_dim) for _ in range(depth)]
        self.head = nn.Linear(hidden_dim, out_dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.proj(x)  # (B, hidden_dim)
        for block in self.blocks:
            h = block(h)
        return self.head(h)  # (B, out_dim)
