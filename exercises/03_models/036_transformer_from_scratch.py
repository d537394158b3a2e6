"""Question 36 - Transformer from scratch (MiniGPT).

Build a decoder-only Transformer from its parts: a causal mask, multi-head scaled dot-product attention,
a pre-norm Transformer block, and `MiniGPT`, a small causal language model that returns next-token logits.

    >>> causal_mask(3)
    tensor([[ True, False, False],
            [ True,  True, False],
            [ True,  True,  True]])
    >>> MultiHeadAttention(d_model=16, n_heads=4)(q, k, v).shape      # q (2, 5, 16), k and v (2, 7, 16)
    torch.Size([2, 5, 16])
    >>> MiniGPT(vocab_size=50, d_model=32, n_heads=4, n_layers=2, max_len=64)(tokens).shape  # tokens (2, 10)
    torch.Size([2, 10, 50])

Layout (fixed, the grader loads the same state_dict into your modules and its own):
- `MultiHeadAttention` has `q_proj`, `k_proj`, `v_proj` and `out_proj`, each `nn.Linear(d_model, d_model)`
  with bias. Head h uses features h * d_head ... (h + 1) * d_head - 1 of the projections, d_head =
  d_model // n_heads, scores are scaled by 1 / sqrt(d_head), and there is no dropout (this is exactly
  what `nn.MultiheadAttention` computes). It returns a tensor (no attention weights).
- `mask` is boolean, True = may attend: (T_q, T_k) for every batch element, or (B, T_q, T_k) per batch
  element, the same for every head. Every query keeps at least one key.
- `TransformerBlock` is pre-norm: `x = x + attn(ln1(x), ln1(x), ln1(x), mask)`, then
  `x = x + ff(ln2(x))`, with `ln1`, `ln2` = `nn.LayerNorm(d_model)`, `attn` a `MultiHeadAttention`, and
  `ff` = `nn.Sequential(nn.Linear(d_model, d_ff), nn.GELU(), nn.Linear(d_ff, d_model))`. It applies no
  mask unless one is given.
- `MiniGPT` adds a learned position embedding (position t gets row t, for any T) to the token embedding,
  runs `n_layers` `TransformerBlock`s of its own (registered submodules, none shared) with the causal
  mask (always, without being asked, in train and eval mode), and maps to `vocab_size` logits; its other
  names and d_ff are yours. Sequences have T <= max_len.

What the grader checks:
- `causal_mask(T)` is a (T, T) bool tensor, True on and below the diagonal, for T = 1 and larger T;
- `MultiHeadAttention` output shape (B, T_q, d_model) with T_q != T_k, B = 1, one head and d_head = 1;
- its output matches `nn.MultiheadAttention(d_model, n_heads, batch_first=True)` with the same weights,
  without a mask, with a (T_q, T_k) mask and with a per-batch (B, T_q, T_k) mask (B != n_heads), also
  for non-contiguous inputs; the inputs are not modified;
- gradients with respect to q, k, v and every parameter match the reference;
- `TransformerBlock` output and gradients match the reference with the same weights (random LayerNorm
  weights included), without a mask and with causal and per-batch masks;
- `MiniGPT` output shape (B, T, vocab_size) for T = 1, T = max_len, B = 1 and odd B;
- `MiniGPT(..., n_layers, ...)` holds n_layers distinct `TransformerBlock` submodules (n_layers = 1 and
  3), and the logits get a gradient from every parameter of every block;
- causality, in eval and in train mode: changing token t changes no logits before position t (and does
  change those at t), and does not change the other sequences of the batch;
- the logits of a prefix `tokens[:, :t]` equal the first t positions of the logits of `tokens`;
- position matters: a sequence repeating one token gets different logits at different positions;
- `MiniGPT` trains (Adam, lr 1e-2, 150 steps) to memorise a 16-token sequence: next-token
  cross-entropy <= 0.1;
- forbidden: `F.scaled_dot_product_attention`, `nn.MultiheadAttention` (and
  `F.multi_head_attention_forward`), `nn.Transformer`, `nn.TransformerEncoder`, `nn.TransformerDecoder`,
  `nn.TransformerEncoderLayer`, `nn.TransformerDecoderLayer`, and torch's internal attention kernels
  under any name (`torch.X` and `torch.ops.aten.X`): `torch._scaled_dot_product_attention_math`,
  `torch._scaled_dot_product_attention_math_for_mps`, `torch._scaled_dot_product_flash_attention`,
  `torch._scaled_dot_product_flash_attention_for_cpu`, `torch._scaled_dot_product_efficient_attention`,
  `torch._scaled_dot_product_cudnn_attention`,
  `torch.ops.aten._scaled_dot_product_fused_attention_overrideable`, `torch._native_multi_head_attention`,
  `torch._transformer_encoder_layer_fwd`, `torch._triton_multi_head_attention`,
  `torch._triton_scaled_dot_attention`; and `torch.nn.attention.flex_attention.flex_attention`.
"""

import torch
from torch import nn


def causal_mask(T: int) -> torch.Tensor:
    """(T, T) bool: True where query i may attend to key j, that is j <= i."""
    # TODO
    raise NotImplementedError


class MultiHeadAttention(nn.Module):
    def __init__(self, d_model: int, n_heads: int) -> None:
        super().__init__()
        # TODO
        raise NotImplementedError

    def forward(
        self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        """q (B, T_q, D), k and v (B, T_k, D), mask bool (T_q, T_k) or (B, T_q, T_k) -> (B, T_q, D)."""
        # TODO
        raise NotImplementedError


class TransformerBlock(nn.Module):
    def __init__(self, d_model: int, n_heads: int, d_ff: int) -> None:
        super().__init__()
        # TODO
        raise NotImplementedError

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        """x (B, T, D) -> (B, T, D)."""
        # TODO
        raise NotImplementedError


class MiniGPT(nn.Module):
    def __init__(self, vocab_size: int, d_model: int, n_heads: int, n_layers: int, max_len: int) -> None:
        super().__init__()
        # TODO
        raise NotImplementedError

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        """tokens (B, T) int64, T <= max_len -> logits (B, T, vocab_size)."""
        # TODO
        raise NotImplementedError
