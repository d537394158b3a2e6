"""Wrong: the whole (1, max_len, d_model) position table is added, which only broadcasts when T == max_len."""
# fails: output_shapes

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
        self.position = nn.Parameter(torch.randn(1, max_len, d_model) * 0.02)  # learned positions
        layer = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=4 * d_model, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers)
        self.classifier = nn.Linear(d_model, num_classes)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        pad = tokens == self.pad_idx  # (B, T), True = padding: ignored as a key
        h = self.embedding(tokens) + self.position  # (B, T, D)
        h = self.encoder(h, src_key_padding_mask=pad)  # (B, T, D)
        keep = (~pad).unsqueeze(-1).to(h.dtype)  # (B, T, 1)
        pooled = (h * keep).sum(dim=1) / keep.sum(dim=1)  # masked mean over the real tokens, (B, D)
        return self.classifier(pooled)  # (B, C) logits
