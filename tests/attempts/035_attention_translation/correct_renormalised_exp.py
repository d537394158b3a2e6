"""Correct, written differently: a max-shifted exp, zeroed by the mask and divided by its row sum."""

import torch
from torch import nn


class AdditiveAttention(nn.Module):
    def __init__(self, enc_dim: int, dec_dim: int, attn_dim: int) -> None:
        super().__init__()
        self.W_enc = nn.Linear(enc_dim, attn_dim, bias=False)
        self.W_dec = nn.Linear(dec_dim, attn_dim, bias=False)
        self.v = nn.Linear(attn_dim, 1, bias=False)

    def forward(self, dec_state, enc_outputs, src_mask=None):
        scores = self.v(torch.tanh(self.W_enc(enc_outputs) + self.W_dec(dec_state)[:, None])).squeeze(2)
        keep = torch.ones_like(scores) if src_mask is None else src_mask.to(scores.dtype)
        shift = scores.masked_fill(keep == 0, float("-inf")).amax(dim=1, keepdim=True).detach()
        e = torch.exp(scores - shift) * keep
        weights = e / e.sum(dim=1, keepdim=True)
        context = (weights[:, :, None] * enc_outputs).sum(dim=1)
        return context, weights
