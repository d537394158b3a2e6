"""Wrong: the forecaster's nn.RNN without batch_first, so it runs along the batch instead of time."""
# fails: forecaster_trains_on_a_sine_wave

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
        k = 1.0 / math.sqrt(hidden_size)
        for p in self.parameters():
            nn.init.uniform_(p, -k, k)

    def forward(self, x: torch.Tensor, h0: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """x (B, T, F), h0 (1, B, H) or None -> outputs (B, T, H), h_n (1, B, H)."""
        B, T, _ = x.shape
        h = x.new_zeros(B, self.hidden_size) if h0 is None else h0[0]
        outs = []
        for t in range(T):
            h = torch.tanh(x[:, t] @ self.weight_ih_l0.T + self.bias_ih_l0 + h @ self.weight_hh_l0.T + self.bias_hh_l0)
            outs.append(h)
        return torch.stack(outs, dim=1), h.unsqueeze(0)


class RNNForecaster(nn.Module):
    def __init__(self, hidden_size: int) -> None:
        super().__init__()
        self.rnn = nn.RNN(1, hidden_size)
        self.head = nn.Linear(hidden_size, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x (B, T, 1) -> the predicted next value (B, 1)."""
        out, _ = self.rnn(x)
        return self.head(out[:, -1])
