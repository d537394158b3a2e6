"""Correct, written differently: TransformerEncoderLayer with PyTorch's default sizes (dim_feedforward=2048),
positions from an nn.Embedding indexed per row, and pooling by a mask-weighted einsum."""

import torch
from torch import nn


class TransformerClassifier(nn.Module):
    def __init__(self, vocab_size, d_model=64, nhead=4, num_layers=2, num_classes=2, max_len=128, pad_idx=0):
        super().__init__()
        self.pad_idx = pad_idx
        self.token_emb = nn.Embedding(vocab_size, d_model, padding_idx=pad_idx)
        self.pos_emb = nn.Embedding(max_len, d_model)
        self.encoder = nn.TransformerEncoder(
            nn.TransformerEncoderLayer(d_model=d_model, nhead=nhead, batch_first=True), num_layers=num_layers
        )
        self.fc = nn.Linear(d_model, num_classes)

    def forward(self, tokens):
        b, t = tokens.shape
        positions = torch.arange(t).unsqueeze(0).expand(b, t)
        x = self.token_emb(tokens) + self.pos_emb(positions)
        padding = tokens == self.pad_idx
        x = self.encoder(x, src_key_padding_mask=padding)
        weights = (~padding).float()
        weights = weights / weights.sum(dim=1, keepdim=True)
        return self.fc(torch.einsum("bt,btd->bd", weights, x))
