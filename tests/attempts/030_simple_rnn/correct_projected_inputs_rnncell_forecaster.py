"""Correct, written differently: the input projection of every step at once with F.linear (reshape: safe on a
non-contiguous x), then the recurrence; a forecaster that loops an nn.RNNCell (allowed outside ManualRNN)."""

import math

import torch
import torch.nn.functional as F
from torch import nn


class ManualRNN(nn.Module):
    def __init__(self, input_size: int, hidden_size: int) -> None:
        super().__init__()
        self.hidden_size = hidden_size
        self.weight_ih_l0 = nn.Parameter(torch.zeros(hidden_size, input_size))
        self.weight_hh_l0 = nn.Parameter(torch.zeros(hidden_size, hidden_size))
        self.bias_ih_l0 = nn.Parameter(torch.zeros(hidden_size))
        self.bias_hh_l0 = nn.Parameter(torch.zeros(hidden_size))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        bound = 1 / math.sqrt(self.hidden_size)
        with torch.no_grad():
            for w in (self.weight_ih_l0, self.weight_hh_l0, self.bias_ih_l0, self.bias_hh_l0):
                w.uniform_(-bound, bound)

    def forward(self, x: torch.Tensor, h0: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        B, T, F_ = x.shape
        xp = F.linear(x.reshape(B * T, F_), self.weight_ih_l0, self.bias_ih_l0).reshape(B, T, -1)
        h = torch.zeros(B, self.hidden_size, dtype=x.dtype, device=x.device) if h0 is None else h0.select(0, 0)
        steps = []
        for t in range(T):
            h = torch.tanh(xp[:, t, :] + F.linear(h, self.weight_hh_l0, self.bias_hh_l0))
            steps.append(h)
        outputs = torch.stack(steps, 1)
        return outputs, outputs[:, -1].unsqueeze(0)


class RNNForecaster(nn.Module):
    def __init__(self, hidden_size: int) -> None:
        super().__init__()
        self.cell = nn.RNNCell(1, hidden_size)
        self.readout = nn.Linear(hidden_size, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = None
        for t in range(x.shape[1]):
            h = self.cell(x[:, t], h)
        return self.readout(h)
