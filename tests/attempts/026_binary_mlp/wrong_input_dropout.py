"""Wrong: dropout on the raw input as well, so even hidden=() is random in train mode."""
# fails: dropout_only_after_hidden_activations

import torch
from torch import nn


class BinaryMLP(nn.Module):
    def __init__(self, in_features, hidden=(64, 32), dropout=0.0):
        super().__init__()
        layers, width = [nn.Dropout(dropout)], in_features
        for h in hidden:
            layers += [nn.Linear(width, h), nn.ReLU(), nn.Dropout(dropout)]
            width = h
        self.net = nn.Sequential(*layers, nn.Linear(width, 1))

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
