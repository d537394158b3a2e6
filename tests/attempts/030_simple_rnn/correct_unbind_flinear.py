"""Correct attempt: F.linear over x.unbind(1), kaiming-free init via torch.rand, forecaster = ManualRNN + MLP head."""

import torch
import torch.nn.functional as F
from torch import nn


class ManualRNN(nn.Module):
    def __init__(self, input_size: int, hidden_size: int) -> None:
        super().__init__()
        k = hidden_size**-0.5
        self.weight_ih_l0 = nn.Parameter((torch.rand(hidden_size, input_size) * 2 - 1) * k)
        self.weight_hh_l0 = nn.Parameter((torch.rand(hidden_size, hidden_size) * 2 - 1) * k)
        self.bias_ih_l0 = nn.Parameter((torch.rand(hidden_size) * 2 - 1) * k)
        self.bias_hh_l0 = nn.Parameter((torch.rand(hidden_size) * 2 - 1) * k)

    def forward(self, x, h0=None):
        h = x.new_zeros(x.size(0), self.weight_hh_l0.size(0)) if h0 is None else h0.squeeze(0)
        steps = []
        for x_t in x.unbind(dim=1):
            recurrent = F.linear(h, self.weight_hh_l0, self.bias_hh_l0)
            h = torch.tanh(F.linear(x_t, self.weight_ih_l0, self.bias_ih_l0) + recurrent)
            steps.append(h)
        return torch.stack(steps, 1), h.unsqueeze(0)


class RNNForecaster(nn.Module):
    def __init__(self, hidden_size: int) -> None:
        super().__init__()
        self.rnn = ManualRNN(1, hidden_size)
        self.head = nn.Sequential(nn.Linear(hidden_size, hidden_size), nn.Tanh(), nn.Linear(hidden_size, 1))

    def forward(self, x):
        _, h_n = self.rnn(x)
        return self.head(h_n[0])
