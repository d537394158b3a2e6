"""Correct, written differently: a ModuleList with tanh and functional dropout, mini-batch training."""

import itertools

import torch
import torch.nn.functional as F
from torch import nn


class BinaryMLP(nn.Module):
    def __init__(self, in_features, hidden=(64, 32), dropout=0.0):
        super().__init__()
        widths = [in_features, *hidden, 1]
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in itertools.pairwise(widths))
        self.dropout = dropout

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = F.dropout(torch.tanh(layer(x)), self.dropout, training=self.training)
        return self.layers[-1](x)[:, 0]


def train_binary(model, X, y, epochs=200, lr=1e-2):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    targets = y.to(torch.float32)
    n, batch = len(X), 64
    model.train()
    history = []
    for _ in range(epochs):
        order = torch.randperm(n)
        total = 0.0
        for start in range(0, n, batch):
            idx = order[start : start + batch]
            loss = F.binary_cross_entropy_with_logits(model(X[idx]), targets[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        history.append(total / n)
    return history
