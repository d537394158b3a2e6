"""Question 31 - Transformer encoder text classifier (reference)."""

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
        self.embedding = nn.Embedding(vocab_size, d_model, padding_idx=pad_idx)
        self.position = nn.Embedding(max_len, d_model)  # learned positions
        layer = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=4 * d_model, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers)
        self.classifier = nn.Linear(d_model, num_classes)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        pad = tokens == self.pad_idx  # (B, T), True = padding: ignored as a key
        positions = torch.arange(tokens.shape[1], device=tokens.device)
        h = self.embedding(tokens) + self.position(positions)  # (B, T, D)
        h = self.encoder(h, src_key_padding_mask=pad)  # (B, T, D)
        keep = (~pad).unsqueeze(-1).to(h.dtype)  # (B, T, 1)
        pooled = (h * keep).sum(dim=1) / keep.sum(dim=1)  # masked mean over the real tokens, (B, D)
        return self.classifier(pooled)  # (B, C) logits
