"""Question 26 - MLP for binary classification (reference)."""

from collections.abc import Sequence

import torch
from torch import nn


class BinaryMLP(nn.Module):
    def __init__(self, in_features: int, hidden: Sequence[int] = (64, 32), dropout: float = 0.0) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        width = in_features
        for h in hidden:
            layers += [nn.Linear(width, h), nn.ReLU(), nn.Dropout(dropout)]
            width = h
        layers.append(nn.Linear(width, 1))
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).squeeze(-1)  # (B, 1) -> (B,); squeeze() would also drop B = 1


def train_binary(
    model: nn.Module, X: torch.Tensor, y: torch.Tensor, epochs: int = 200, lr: float = 1e-2
) -> list[float]:
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.BCEWithLogitsLoss()
    targets = y.float()  # BCE needs float targets, whatever dtype the labels come in
    model.train()
    losses = []
    for _ in range(epochs):  # full batch: one step per epoch
        optimizer.zero_grad()
        loss = loss_fn(model(X), targets)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
