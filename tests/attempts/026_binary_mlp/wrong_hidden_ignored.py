"""Wrong: the hidden widths are hard-coded to (64, 32) whatever `hidden` says."""
# fails: layers_follow_hidden

import torch
from torch import nn


class BinaryMLP(nn.Module):
    def __init__(self, in_features, hidden=(64, 32), dropout=0.0):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(in_features, 64), nn.ReLU(), nn.Dropout(dropout),
            nn.Linear(64, 32), nn.ReLU(), nn.Dropout(dropout),
            nn.Linear(32, 1),
        )  # fmt: skip

    def forward(self, x):
        return self.net(x).squeeze(-1)


def train_binary(model, X, y, epochs=200, lr=1e-2):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.BCEWithLogitsLoss()
    model.train()
    losses = []
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = loss_fn(model(X), y.float())
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
