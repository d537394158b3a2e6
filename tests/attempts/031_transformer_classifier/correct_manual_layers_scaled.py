"""Correct, written differently: one single-layer nn.TransformerEncoder per layer, chained by hand,
sqrt(d_model) scaling of the token embeddings, and a masked mean pooled row by row."""

import torch
from torch import nn


class TransformerClassifier(nn.Module):
    def __init__(
        self,
        vocab_size: int,
        d_model: int = 64,
        nhead: int = 4,
        num_layers: int = 2,
        num_classes: int = 2,
        max_len: int = 128,
        pad_idx: int = 0,
    ) -> None:
        super().__init__()
        self.pad_idx = pad_idx
        self.tok = nn.Embedding(vocab_size, d_model, padding_idx=pad_idx)
        self.scale = d_model**0.5
        self.pos = nn.Embedding(max_len, d_model)
        self.encoders = nn.ModuleList(
            nn.TransformerEncoder(nn.TransformerEncoderLayer(d_model, nhead, 128, 0.1, batch_first=True), 1)
            for _ in range(num_layers)
        )
        self.head = nn.Linear(d_model, num_classes)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        B, T = tokens.shape
        pad = tokens == self.pad_idx
        positions = torch.arange(T, device=tokens.device)
        x = self.tok(tokens) * self.scale + self.pos(positions).unsqueeze(0)
        h = x
        for enc in self.encoders:
            h = enc(h, src_key_padding_mask=pad)
        lengths = (~pad).sum(1)
        idx = torch.arange(T, device=tokens.device).unsqueeze(0) < lengths.unsqueeze(1)
        pooled = torch.stack([h[b][idx[b]].mean(0) for b in range(B)])
        return self.head(pooled)
