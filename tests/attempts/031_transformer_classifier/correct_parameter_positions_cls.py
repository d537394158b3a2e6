"""Correct, written differently: a position Parameter sliced to T, masked mean via masked_fill and a
division by the lengths, and a small MLP head with a final LayerNorm in the encoder."""

import math

import torch
from torch import nn


class TransformerClassifier(nn.Module):
    def __init__(self, vocab_size, d_model=64, nhead=4, num_layers=2, num_classes=2, max_len=128, pad_idx=0):
        super().__init__()
        self.pad_idx = pad_idx
        self.tok = nn.Embedding(vocab_size, d_model)
        self.pos = nn.Parameter(torch.zeros(1, max_len, d_model))
        nn.init.normal_(self.pos, std=0.02)
        block = nn.TransformerEncoderLayer(
            d_model, nhead, dim_feedforward=2 * d_model, dropout=0.0, batch_first=True, norm_first=True
        )
        self.encoder = nn.TransformerEncoder(block, num_layers, norm=nn.LayerNorm(d_model), enable_nested_tensor=False)
        self.head = nn.Sequential(nn.Linear(d_model, d_model), nn.Tanh(), nn.Linear(d_model, num_classes))
        self.scale = math.sqrt(d_model)

    def forward(self, tokens):
        is_pad = tokens.eq(self.pad_idx)
        x = self.tok(tokens) * self.scale + self.pos[:, : tokens.size(1)]
        x = self.encoder(x, src_key_padding_mask=is_pad)
        x = x.masked_fill(is_pad[..., None], 0.0)
        lengths = (~is_pad).sum(dim=1, keepdim=True)
        return self.head(x.sum(dim=1) / lengths)
