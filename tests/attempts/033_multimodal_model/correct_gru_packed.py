"""Correct, written differently: the text goes through a GRU over packed sequences (its final hidden
state, lengths from the mask), and the two features are summed, not concatenated."""

import torch
from torch import nn


class ImageTextClassifier(nn.Module):
    def __init__(self, vocab_size: int, num_classes: int, embed_dim: int = 64, pad_idx: int = 0) -> None:
        super().__init__()
        self.pad_idx = pad_idx
        self.cnn = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1),
            nn.BatchNorm2d(16),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1),
            nn.ReLU(),
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten(),
            nn.Linear(32, embed_dim),
        )
        self.embed = nn.Embedding(vocab_size, embed_dim)
        self.gru = nn.GRU(embed_dim, embed_dim, batch_first=True)
        self.dropout = nn.Dropout(0.2)
        self.head = nn.Linear(embed_dim, num_classes)

    def forward(self, image: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        img = self.cnn(image)
        keep = (tokens != self.pad_idx).unsqueeze(-1).float()
        lengths = keep.squeeze(-1).sum(1).long().cpu()
        packed = nn.utils.rnn.pack_padded_sequence(self.embed(tokens), lengths, batch_first=True, enforce_sorted=False)
        _, h = self.gru(packed)
        fused = torch.relu(img + h[-1])
        return self.head(self.dropout(fused))
