"""Wrong: the masked mean divides by the number of real tokens in the whole batch, not in the row."""
# fails: batch_elements_are_independent

import torch
from torch import nn


class ImageTextClassifier(nn.Module):
    def __init__(self, vocab_size: int, num_classes: int, embed_dim: int = 64, pad_idx: int = 0) -> None:
        super().__init__()
        self.pad_idx = pad_idx
        self.image_encoder = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1),
            nn.ReLU(),
            nn.AdaptiveAvgPool2d(1),  # any H, W
            nn.Flatten(),
        )
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=pad_idx)
        self.classifier = nn.Sequential(nn.Linear(32 + embed_dim, 64), nn.ReLU(), nn.Linear(64, num_classes))

    def forward(self, image: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        image_features = self.image_encoder(image)  # (B, 32)
        keep = (tokens != self.pad_idx).unsqueeze(-1).float()  # (B, T, 1)
        # Masked mean over the real tokens of each row: padding adds nothing and is not counted.
        text_features = (self.embedding(tokens) * keep).sum(1) / keep.sum()  # (B, E)
        return self.classifier(torch.cat([image_features, text_features], dim=1))  # (B, C)
