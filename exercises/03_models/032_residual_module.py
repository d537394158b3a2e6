"""Question 32 - Residual MLP with skip connections.

Write `ResidualBlock`, a pre-norm residual block out = shortcut(x) + Linear(GELU(Linear(LayerNorm(x)))),
and `ResidualMLP`, a stack of such blocks between an input projection and a Linear head.

    >>> block = ResidualBlock(6, 4)
    >>> type(block.shortcut).__name__, block(torch.randn(3, 6)).shape
    ('Linear', torch.Size([3, 4]))
    >>> model = ResidualMLP(in_dim=5, hidden_dim=8, out_dim=2, depth=3)
    >>> len(model.blocks), model(torch.randn(4, 5)).shape
    (3, torch.Size([4, 2]))

`ResidualBlock(in_dim, out_dim)`, forward x (B, in_dim) -> (B, out_dim):
- the residual branch is `nn.LayerNorm(in_dim)` -> `nn.Linear(in_dim, out_dim)` -> GELU (exact, as
  `nn.GELU()` by default) -> `nn.Linear(out_dim, out_dim)`;
- `shortcut` is `nn.Identity()` when `in_dim == out_dim`, else `nn.Linear(in_dim, out_dim)`;
- the output is `shortcut(x) + branch(x)`, with nothing applied after the sum.
`ResidualMLP(in_dim, hidden_dim, out_dim, depth)`, forward x (B, in_dim) -> (B, out_dim):
- an input projection `nn.Linear(in_dim, hidden_dim)` only when `in_dim != hidden_dim` (otherwise x goes
  straight into the first block), then `blocks`, an `nn.ModuleList` of `depth` `ResidualBlock(hidden_dim,
  hidden_dim)` applied in order, then `head = nn.Linear(hidden_dim, out_dim)`, with nothing after it.
The names `shortcut`, `blocks` and `head` are part of the spec; name the other sub-modules as you like.

What the grader checks:
- output shapes of both modules for B = 1 and larger, in_dim != out_dim, and out_dim = 1 (kept as (B, 1));
  no call modifies its input x in place;
- `shortcut` is an `nn.Identity` when the dims match and an `nn.Linear(in_dim, out_dim)` (with a bias)
  otherwise;
- every sub-module that runs in `forward` is registered (it appears in `named_modules()`: no plain Python
  lists or dicts of layers), `blocks` is an `nn.ModuleList` of `depth` `ResidualBlock`s, `head` is the
  Linear above, and the parameter counts of `ResidualBlock` and `ResidualMLP` are exactly those of the
  layers listed here;
- after `.to(torch.float64)` every parameter is float64 and float64 input gives float64 output;
- with random weights in every layer, a block computes shortcut(x) + Linear2(GELU(Linear1(LayerNorm(x))))
  with its own layers (its registered `nn.LayerNorm` and its two `nn.Linear` besides `shortcut`, found by
  type and shape: how forward calls them is up to you), and the gradients of a random weighted sum of its
  output w.r.t. x and every parameter are those of that formula;
- with its last `nn.Linear` that is not `shortcut` zeroed (weight and bias), a block returns exactly
  `shortcut(x)`: x itself when the dims match;
- `ResidualMLP` returns head(blocks[-1](... blocks[0](x or its projection))): each block's output feeds
  the next block, the last one's feeds `head`, and the head's output is returned as is;
- gradients flow end to end: with random weights, every parameter (the input projection's, every
  block's, the head's) and the input x get a non-zero gradient from a random weighted sum of the output.
"""

import torch
from torch import nn


class ResidualBlock(nn.Module):
    def __init__(self, in_dim: int, out_dim: int) -> None:
        super().__init__()
        # TODO: the residual branch and `shortcut`
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x (B, in_dim) -> (B, out_dim)."""
        # TODO
        raise NotImplementedError


class ResidualMLP(nn.Module):
    def __init__(self, in_dim: int, hidden_dim: int, out_dim: int, depth: int) -> None:
        super().__init__()
        # TODO: the input projection (when needed), `blocks`, `head`
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x (B, in_dim) -> (B, out_dim)."""
        # TODO
        raise NotImplementedError
