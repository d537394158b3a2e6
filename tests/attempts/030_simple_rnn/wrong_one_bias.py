"""Wrong: bias_hh_l0 is created but never added, so only one of the two biases is used."""
# fails: matches_nn_rnn, gradients_match_nn_rnn
# cause: bias_hh_l0 is not added (each step adds both biases)

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
            h = torch.tanh(x[:, t] @ self.weight_ih_l0.T + self.bias_ih_l0 + h @ self.weight_hh_l0.T)
            outputs.append(h)
        return torch.stack(outputs, dim=1), h.unsqueeze(0)


class RNNForecaster(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.rnn = ManualRNN(1, hidden_size)
        self.head = nn.Linear(hidden_size, 1)

    def forward(self, x):
        outputs, _ = self.rnn(x)
        return self.head(outputs[:, -1])
