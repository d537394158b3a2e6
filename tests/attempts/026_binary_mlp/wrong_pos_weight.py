"""Wrong: BCEWithLogitsLoss with a pos_weight for class balance, which is not the loss asked for."""
# fails: train_binary_losses_are_epoch_means

from collections.abc import Sequence

import torch
from torch import nn


class BinaryMLP(nn.Module):
    def __init__(self, in_features: int, hidden: Sequence[int] = (64, 32), dropout: float = 0.0) -> None:
        super().__init__()
        layers = []
        prev = in_features
        for h in hidden:
            layers += [nn.Linear(prev, h), nn.ReLU(), nn.Dropout(dropout)]
            prev = h
        layers.append(nn.Linear(prev, 1))
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x (B, in_features) -> logits (B,)."""
        return self.net(x).squeeze(-1)


def train_binary(
    model: nn.Module, X: torch.Tensor, y: torch.Tensor, epochs: int = 200, lr: float = 1e-2
) -> list[float]:
    """Train `model` on X (N, in_features) and y (N,) of 0/1 labels; return one loss per epoch."""
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    pos = y.float().sum()
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=(len(y) - pos) / pos.clamp(min=1))
    target = y.float()
    losses = []
    for _ in range(epochs):
        opt.zero_grad()
        loss = loss_fn(model(X), target)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses
