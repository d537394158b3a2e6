"""Wrong: `F.dropout(h, p)` without `training=self.training` keeps dropping units in eval mode."""
# fails: dropout_active_in_train_and_off_in_eval

import itertools

import torch
import torch.nn.functional as F
from torch import nn


class BinaryMLP(nn.Module):
    def __init__(self, in_features, hidden=(64, 32), dropout=0.0):
        super().__init__()
        widths = [in_features, *hidden]
        self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in itertools.pairwise(widths))
        self.out = nn.Linear(widths[-1], 1)
        self.p = dropout

    def forward(self, x):
        for layer in self.hidden:
            x = F.dropout(F.relu(layer(x)), self.p)
        return self.out(x).squeeze(-1)


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
