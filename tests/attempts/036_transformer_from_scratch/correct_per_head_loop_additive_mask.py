"""Correct, written differently: a Python loop over the heads (one feature slice each) with einsum, an additive
-inf mask, blocks registered with add_module, a Parameter position table and an output layer tied to the embedding."""

import torch
from torch import nn


def causal_mask(T: int) -> torch.Tensor:
    i = torch.arange(T)
    return i[None, :] <= i[:, None]


class MultiHeadAttention(nn.Module):
    def __init__(self, d_model: int, n_heads: int) -> None:
        super().__init__()
        self.h = n_heads
        self.q_proj = nn.Linear(d_model, d_model)
        self.k_proj = nn.Linear(d_model, d_model)
        self.v_proj = nn.Linear(d_model, d_model)
        self.out_proj = nn.Linear(d_model, d_model)

    def forward(self, q, k, v, mask=None):
        Q, K, V = self.q_proj(q), self.k_proj(k), self.v_proj(v)
        dh = Q.shape[-1] // self.h
        bias = None
        if mask is not None:
            bias = torch.where(mask, 0.0, float("-inf")).to(Q.dtype)
        outs = []
        for h in range(self.h):
            sl = slice(h * dh, (h + 1) * dh)
            s = torch.einsum("bqd,bkd->bqk", Q[..., sl], K[..., sl]) * dh**-0.5
            if bias is not None:
                s = s + bias
            outs.append(torch.einsum("bqk,bkd->bqd", s.softmax(-1), V[..., sl]))
        return self.out_proj(torch.cat(outs, dim=-1))


class TransformerBlock(nn.Module):
    def __init__(self, d_model: int, n_heads: int, d_ff: int) -> None:
        super().__init__()
        self.ln1 = nn.LayerNorm(d_model)
        self.attn = MultiHeadAttention(d_model, n_heads)
        self.ln2 = nn.LayerNorm(d_model)
        self.ff = nn.Sequential(nn.Linear(d_model, d_ff), nn.GELU(), nn.Linear(d_ff, d_model))

    def forward(self, x, mask=None):
        y = self.ln1(x)
        x = x + self.attn(y, y, y, mask=mask)
        return x + self.ff(self.ln2(x))


class MiniGPT(nn.Module):
    def __init__(self, vocab_size: int, d_model: int, n_heads: int, n_layers: int, max_len: int) -> None:
        super().__init__()
        self.wte = nn.Embedding(vocab_size, d_model)
        self.wpe = nn.Parameter(torch.randn(max_len, d_model) * 0.02)
        for i in range(n_layers):
            self.add_module(f"h{i}", TransformerBlock(d_model, n_heads, 2 * d_model + 3))
        self.n_layers = n_layers
        self.norm = nn.LayerNorm(d_model)

    def forward(self, tokens):
        T = tokens.shape[1]
        x = self.wte(tokens) + self.wpe[:T]
        m = causal_mask(T).to(tokens.device)
        for i in range(self.n_layers):
            x = getattr(self, f"h{i}")(x, m)
        return self.norm(x) @ self.wte.weight.T  # tied head
