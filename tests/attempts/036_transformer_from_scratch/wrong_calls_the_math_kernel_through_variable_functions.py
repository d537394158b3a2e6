"""Wrong: attention through torch._C._VariableFunctions._scaled_dot_product_attention_math, the math kernel
behind F.scaled_dot_product_attention, reached through the read-only namespace torch.X names come from."""
# fails: attention_output_shape, attention_matches_nn_multihead_attention, block_matches_reference, minigpt_is_causal

import torch
from torch import nn


def causal_mask(T: int) -> torch.Tensor:
    return torch.tril(torch.ones(T, T, dtype=torch.bool))


class MultiHeadAttention(nn.Module):
    def __init__(self, d_model: int, n_heads: int) -> None:
        super().__init__()
        self.d_model = d_model
        self.n_heads = n_heads
        self.d_head = d_model // n_heads
        self.q_proj = nn.Linear(d_model, d_model)
        self.k_proj = nn.Linear(d_model, d_model)
        self.v_proj = nn.Linear(d_model, d_model)
        self.out_proj = nn.Linear(d_model, d_model)

    def forward(self, q, k, v, mask=None):
        B, Tq, D = q.shape
        Tk = k.shape[1]
        H, dh = self.n_heads, self.d_head
        Q = self.q_proj(q).view(B, Tq, H, dh).transpose(1, 2)
        K = self.k_proj(k).view(B, Tk, H, dh).transpose(1, 2)
        V = self.v_proj(v).view(B, Tk, H, dh).transpose(1, 2)
        if mask is not None and mask.dim() == 3:
            mask = mask.unsqueeze(1)
        if mask is not None:
            mask = torch.zeros(mask.shape, dtype=Q.dtype).masked_fill(~mask, float("-inf"))
        o, _ = torch._C._VariableFunctions._scaled_dot_product_attention_math(Q, K, V, mask)
        out = o.transpose(1, 2).reshape(B, Tq, D)
        return self.out_proj(out)


class TransformerBlock(nn.Module):
    def __init__(self, d_model: int, n_heads: int, d_ff: int) -> None:
        super().__init__()
        self.ln1 = nn.LayerNorm(d_model)
        self.attn = MultiHeadAttention(d_model, n_heads)
        self.ln2 = nn.LayerNorm(d_model)
        self.ff = nn.Sequential(nn.Linear(d_model, d_ff), nn.GELU(), nn.Linear(d_ff, d_model))

    def forward(self, x, mask=None):
        h = self.ln1(x)
        x = x + self.attn(h, h, h, mask)
        x = x + self.ff(self.ln2(x))
        return x


class MiniGPT(nn.Module):
    def __init__(self, vocab_size: int, d_model: int, n_heads: int, n_layers: int, max_len: int) -> None:
        super().__init__()
        self.tok = nn.Embedding(vocab_size, d_model)
        self.pos = nn.Embedding(max_len, d_model)
        self.blocks = nn.ModuleList([TransformerBlock(d_model, n_heads, 4 * d_model) for _ in range(n_layers)])
        self.ln_f = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, vocab_size)

    def forward(self, tokens):
        T = tokens.shape[1]
        pos = torch.arange(T, device=tokens.device)
        x = self.tok(tokens) + self.pos(pos)
        mask = causal_mask(T).to(tokens.device)
        for b in self.blocks:
            x = b(x, mask)
        return self.head(self.ln_f(x))
