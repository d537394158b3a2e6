"""Correct, written differently: patches cut with reshape/permute and multiplied by the conv weight by hand,
nn.TransformerEncoder blocks, a zero-initialised class token and head."""

import torch
from torch import nn


class PatchEmbed(nn.Module):
    def __init__(self, img_size: int, patch_size: int, in_chans: int, embed_dim: int) -> None:
        super().__init__()
        grid, rest = divmod(img_size, patch_size)
        if rest:
            raise ValueError(f"{img_size} % {patch_size} != 0")
        self.grid, self.patch = grid, patch_size
        self.proj = nn.Conv2d(in_chans, embed_dim, patch_size, patch_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, c, g, p = x.shape[0], x.shape[1], self.grid, self.patch
        patches = x.reshape(b, c, g, p, g, p).permute(0, 2, 4, 1, 3, 5).reshape(b, g * g, c * p * p)
        return patches @ self.proj.weight.flatten(1).T + self.proj.bias


class ViT(nn.Module):
    def __init__(
        self,
        img_size: int = 32,
        patch_size: int = 4,
        in_chans: int = 3,
        num_classes: int = 10,
        embed_dim: int = 64,
        depth: int = 2,
        num_heads: int = 4,
    ) -> None:
        super().__init__()
        self.patch_embed = PatchEmbed(img_size, patch_size, in_chans, embed_dim)
        n = (img_size // patch_size) ** 2
        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed_dim))
        self.pos_embed = nn.Parameter(torch.randn(1, n + 1, embed_dim) * 0.02)
        layer = nn.TransformerEncoderLayer(
            embed_dim, num_heads, 2 * embed_dim, dropout=0.1, activation="gelu", batch_first=True, norm_first=True
        )
        self.encoder = nn.TransformerEncoder(layer, depth, norm=nn.LayerNorm(embed_dim), enable_nested_tensor=False)
        self.classifier = nn.Linear(embed_dim, num_classes)
        nn.init.zeros_(self.classifier.weight)  # as timm does for a fresh head

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        tokens = self.patch_embed(x)
        cls = self.cls_token.repeat(tokens.size(0), 1, 1)
        h = self.encoder(torch.cat((cls, tokens), 1) + self.pos_embed)
        return self.classifier(h[:, 0, :])
