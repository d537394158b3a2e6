"""Question 30 - Elman RNN with an explicit loop (reference)."""

import math

import torch
from torch import nn


class ManualRNN(nn.Module):
    def __init__(self, input_size: int, hidden_size: int) -> None:
        super().__init__()
        self.hidden_size = hidden_size
        self.weight_ih_l0 = nn.Parameter(torch.empty(hidden_size, input_size))
        self.weight_hh_l0 = nn.Parameter(torch.empty(hidden_size, hidden_size))
        self.bias_ih_l0 = nn.Parameter(torch.empty(hidden_size))
        self.bias_hh_l0 = nn.Parameter(torch.empty(hidden_size))
        bound = 1.0 / math.sqrt(hidden_size)  # nn.RNN's init: U(-1/sqrt(H), 1/sqrt(H)) for every parameter
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)

    def forward(self, x: torch.Tensor, h0: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        B, T, _ = x.shape
        h = x.new_zeros(B, self.hidden_size) if h0 is None else h0[0]  # (B, H)
        inputs = x @ self.weight_ih_l0.T + self.bias_ih_l0  # (B, T, H): the input part of every step at once
        outputs = []
        for t in range(T):
            h = torch.tanh(inputs[:, t] + h @ self.weight_hh_l0.T + self.bias_hh_l0)  # (B, H)
            outputs.append(h)
        return torch.stack(outputs, dim=1), h.unsqueeze(0)  # (B, T, H), (1, B, H)


class RNNForecaster(nn.Module):
    def __init__(self, hidden_size: int) -> None:
        super().__init__()
        self.rnn = ManualRNN(1, hidden_size)
        self.head = nn.Linear(hidden_size, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _, h_n = self.rnn(x)  # h_n (1, B, H): the state after the last step
        return self.head(h_n[0])  # (B, 1)
