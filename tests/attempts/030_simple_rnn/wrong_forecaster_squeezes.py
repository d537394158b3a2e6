"""Wrong: the forecaster squeezes its (B, 1) prediction to (B,)."""
# fails: forecaster_output_shape, forecaster_trains_on_a_sine_wave

import math

import torch
from torch import nn


class ManualRNN(nn.Module):
    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.hidden_size = hidden_size
        k = 1.0 / math.sqrt(hidden_size)
        self.weight_ih_l0 = nn.Parameter(torch.empty(hidden_size, input_size).uniform_(-k, k))
        self.weight_hh_l0 = nn.Parameter(torch.empty(hidden_size, hidden_size).uniform_(-k, k))
        self.bias_ih_l0 = nn.Parameter(torch.empty(hidden_size).uniform_(-k, k))
        self.bias_hh_l0 = nn.Parameter(torch.empty(hidden_size).uniform_(-k, k))

    def forward(self, x, h0=None):
        batch, steps, _ = x.shape
        h = x.new_zeros(batch, self.hidden_size) if h0 is None else h0[0]
        outputs = []
        for t in range(steps):
            h = torch.tanh(x[:, t] @ self.weight_ih_l0.T + self.bias_ih_l0 + h @ self.weight_hh_l0.T + self.bias_hh_l0)
            outputs.append(h)
        return torch.stack(outputs, dim=1), h.unsqueeze(0)


class RNNForecaster(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.rnn = ManualRNN(1, hidden_size)
        self.head = nn.Linear(hidden_size, 1)

    def forward(self, x):
        outputs, _ = self.rnn(x)
        return self.head(outputs[:, -1]).squeeze(-1)
