"""Wrong: image.view(B, 3, -1) for per-channel means, which fails on an image whose H and W are
transposed in memory (use reshape)."""
# fails: output_shapes

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
        self.bright = nn.Linear(3, embed_dim)
        self.dropout = nn.Dropout(0.2)
        self.head = nn.Linear(2 * embed_dim, num_classes)

    def forward(self, image: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        stats = image.view(image.size(0), 3, -1).mean(-1)
        img = self.cnn(image) + self.bright(stats)
        keep = (tokens != self.pad_idx).unsqueeze(-1).float()
        emb = self.embed(tokens)
        txt = (emb * keep).sum(1) / keep.sum(1).clamp(min=1)
        fused = torch.cat([img, txt], dim=1)
        return self.head(self.dropout(fused))
