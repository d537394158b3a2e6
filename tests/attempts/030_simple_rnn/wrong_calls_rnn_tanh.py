"""Wrong: the loop is replaced by one call to torch.rnn_tanh, which this question forbids."""
# fails: output_shapes, matches_nn_rnn, initial_state_is_used, gradients_match_nn_rnn

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
        if h0 is None:
            h0 = x.new_zeros(1, x.shape[0], self.hidden_size)
        weights = [self.weight_ih_l0, self.weight_hh_l0, self.bias_ih_l0, self.bias_hh_l0]
        return torch.rnn_tanh(x, h0, weights, True, 1, 0.0, self.training, False, True)


class RNNForecaster(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.rnn = ManualRNN(1, hidden_size)
        self.head = nn.Linear(hidden_size, 1)

    def forward(self, x):
        outputs, _ = self.rnn(x)
        return self.head(outputs[:, -1])
