"""Correct, written differently: einsum attention with torch.where masking, a registered causal buffer,
a position table as a plain Parameter and an output layer tied to the token embedding."""

import torch
from torch import nn


def causal_mask(T: int) -> torch.Tensor:
    idx = torch.arange(T)
    return idx[None, :] <= idx[:, None]


class MultiHeadAttention(nn.Module):
    def __init__(self, d_model: int, n_heads: int) -> None:
        super().__init__()
        self.h = n_heads
        self.q_proj, self.k_proj = nn.Linear(d_model, d_model), nn.Linear(d_model, d_model)
        self.v_proj, self.out_proj = nn.Linear(d_model, d_model), nn.Linear(d_model, d_model)

    def split(self, x: torch.Tensor) -> torch.Tensor:
        b, t, d = x.shape
        return x.reshape(b, t, self.h, d // self.h)  # (B, T, H, hs)

    def forward(self, q, k, v, mask=None):
        qh, kh, vh = self.split(self.q_proj(q)), self.split(self.k_proj(k)), self.split(self.v_proj(v))
        scores = torch.einsum("bqhe,bkhe->bhqk", qh, kh) * qh.shape[-1] ** -0.5
        if mask is not None:
            allowed = mask if mask.dim() == 2 else mask[:, None]
            scores = torch.where(allowed, scores, torch.finfo(scores.dtype).min)
        weights = torch.softmax(scores, dim=-1)
        out = torch.einsum("bhqk,bkhe->bqhe", weights, vh)
        return self.out_proj(out.flatten(2))


class TransformerBlock(nn.Module):
    def __init__(self, d_model: int, n_heads: int, d_ff: int) -> None:
        super().__init__()
        self.ln1 = nn.LayerNorm(d_model)
        self.attn = MultiHeadAttention(d_model, n_heads)
        self.ln2 = nn.LayerNorm(d_model)
        self.ff = nn.Sequential(nn.Linear(d_model, d_ff), nn.GELU(), nn.Linear(d_ff, d_model))

    def forward(self, x, mask=None):
        normed = self.ln1(x)
        x = self.attn(normed, normed, normed, mask=mask) + x
        return self.ff(self.ln2(x)) + x


class MiniGPT(nn.Module):
    def __init__(self, vocab_size: int, d_model: int, n_heads: int, n_layers: int, max_len: int) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab_size, d_model)
        self.positions = nn.Parameter(torch.randn(max_len, d_model) * 0.02)
        self.layers = nn.Sequential(*[TransformerBlock(d_model, n_heads, 2 * d_model) for _ in range(n_layers)])
        self.norm = nn.LayerNorm(d_model)
        self.register_buffer("causal", causal_mask(max_len), persistent=False)

    def forward(self, tokens):
        t = tokens.size(1)
        x = self.embed(tokens) + self.positions[:t]
        for layer in self.layers:
            x = layer(x, self.causal[:t, :t])
        return self.norm(x) @ self.embed.weight.T
