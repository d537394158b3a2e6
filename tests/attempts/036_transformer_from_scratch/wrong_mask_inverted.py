"""Wrong: masked_fill(mask, -inf) blocks the positions the mask allows (PyTorch's True = blocked habit)."""
# fails: attention_with_a_2d_mask, attention_with_a_per_batch_mask, minigpt_is_causal
# cause: the mask was read as True = blocked; here True means may attend

import math

import torch
from torch import nn


def causal_mask(T: int) -> torch.Tensor:
    return torch.ones(T, T, dtype=torch.bool).tril()


class MultiHeadAttention(nn.Module):
    def __init__(self, d_model: int, n_heads: int) -> None:
        super().__init__()
        self.n_heads, self.d_head = n_heads, d_model // n_heads
        self.q_proj = nn.Linear(d_model, d_model)
        self.k_proj = nn.Linear(d_model, d_model)
        self.v_proj = nn.Linear(d_model, d_model)
        self.out_proj = nn.Linear(d_model, d_model)

    def forward(
        self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        B, T_q, D = q.shape
        T_k = k.shape[1]
        q = self.q_proj(q).view(B, T_q, self.n_heads, self.d_head).transpose(1, 2)  # (B, nh, T_q, hs)
        k = self.k_proj(k).view(B, T_k, self.n_heads, self.d_head).transpose(1, 2)  # (B, nh, T_k, hs)
        v = self.v_proj(v).view(B, T_k, self.n_heads, self.d_head).transpose(1, 2)  # (B, nh, T_k, hs)
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.d_head)  # (B, nh, T_q, T_k)
        if mask is not None:
            if mask.dim() == 3:
                mask = mask.unsqueeze(1)  # (B, 1, T_q, T_k): the same for every head
            scores = scores.masked_fill(mask, float("-inf"))
        out = scores.softmax(dim=-1) @ v  # (B, nh, T_q, hs)
        return self.out_proj(out.transpose(1, 2).reshape(B, T_q, D))


class TransformerBlock(nn.Module):
    def __init__(self, d_model: int, n_heads: int, d_ff: int) -> None:
        super().__init__()
        self.ln1 = nn.LayerNorm(d_model)
        self.attn = MultiHeadAttention(d_model, n_heads)
        self.ln2 = nn.LayerNorm(d_model)
        self.ff = nn.Sequential(nn.Linear(d_model, d_ff), nn.GELU(), nn.Linear(d_ff, d_model))

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        h = self.ln1(x)
        x = x + self.attn(h, h, h, mask)
        return x + self.ff(self.ln2(x))


class MiniGPT(nn.Module):
    def __init__(self, vocab_size: int, d_model: int, n_heads: int, n_layers: int, max_len: int) -> None:
        super().__init__()
        self.tok_emb = nn.Embedding(vocab_size, d_model)
        self.pos_emb = nn.Embedding(max_len, d_model)
        self.blocks = nn.ModuleList([TransformerBlock(d_model, n_heads, 4 * d_model) for _ in range(n_layers)])
        self.ln_f = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, vocab_size)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        T = tokens.shape[1]
        positions = torch.arange(T, device=tokens.device)
        x = self.tok_emb(tokens) + self.pos_emb(positions)  # (B, T, D)
        mask = causal_mask(T).to(tokens.device)
        for block in self.blocks:
            x = block(x, mask)
        return self.head(self.ln_f(x))  # (B, T, vocab_size)
