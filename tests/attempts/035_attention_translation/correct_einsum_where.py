"""Correct, written differently: einsum for the scores and the context, torch.where for the mask."""

import torch
import torch.nn.functional as F
from torch import nn


class AdditiveAttention(nn.Module):
    def __init__(self, enc_dim: int, dec_dim: int, attn_dim: int) -> None:
        super().__init__()
        self.W_dec = nn.Linear(dec_dim, attn_dim, bias=False)
        self.W_enc = nn.Linear(enc_dim, attn_dim, bias=False)
        self.v = nn.Linear(attn_dim, 1, bias=False)

    def forward(self, dec_state, enc_outputs, src_mask=None):
        keys = torch.einsum("bsd,ad->bsa", enc_outputs, self.W_enc.weight)
        query = F.linear(dec_state, self.W_dec.weight)[:, None, :]
        scores = torch.einsum("bsa,a->bs", torch.tanh(keys + query), self.v.weight[0])
        if src_mask is None:
            src_mask = torch.ones_like(scores, dtype=torch.bool)
        scores = torch.where(src_mask, scores, torch.full_like(scores, float("-inf")))
        weights = F.softmax(scores, dim=1)
        return torch.einsum("bs,bsd->bd", weights, enc_outputs), weights
