"""Correct, written differently: masked scores filled with torch.finfo(dtype).min (exp underflows to
exactly 0), the context by torch.matmul."""

import torch
from torch import nn


class AdditiveAttention(nn.Module):
    def __init__(self, enc_dim: int, dec_dim: int, attn_dim: int) -> None:
        super().__init__()
        self.W_enc = nn.Linear(enc_dim, attn_dim, bias=False)
        self.W_dec = nn.Linear(dec_dim, attn_dim, bias=False)
        self.v = nn.Linear(attn_dim, 1, bias=False)

    def forward(self, dec_state, enc_outputs, src_mask=None):
        energy = torch.tanh(self.W_enc(enc_outputs) + self.W_dec(dec_state).unsqueeze(1))  # (B, S, A)
        scores = self.v(energy).squeeze(-1)  # (B, S)
        if src_mask is not None:
            scores = scores.masked_fill(src_mask.logical_not(), torch.finfo(scores.dtype).min)
        weights = nn.functional.softmax(scores, dim=-1)
        context = torch.matmul(weights.unsqueeze(-2), enc_outputs).squeeze(-2)  # (B, De)
        return context, weights
