"""Question 35 - Bahdanau additive attention (reference)."""

import torch
from torch import nn


class AdditiveAttention(nn.Module):
    def __init__(self, enc_dim: int, dec_dim: int, attn_dim: int) -> None:
        super().__init__()
        self.W_enc = nn.Linear(enc_dim, attn_dim, bias=False)
        self.W_dec = nn.Linear(dec_dim, attn_dim, bias=False)
        self.v = nn.Linear(attn_dim, 1, bias=False)

    def forward(
        self, dec_state: torch.Tensor, enc_outputs: torch.Tensor, src_mask: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        energy = torch.tanh(self.W_enc(enc_outputs) + self.W_dec(dec_state).unsqueeze(1))  # (B, S, A)
        scores = self.v(energy).squeeze(-1)  # (B, S)
        if src_mask is not None:
            scores = scores.masked_fill(~src_mask, float("-inf"))  # exp(-inf) = 0: masked weights are exactly 0
        weights = torch.softmax(scores, dim=-1)  # (B, S)
        context = torch.bmm(weights.unsqueeze(1), enc_outputs).squeeze(1)  # (B, 1, S) @ (B, S, De) -> (B, De)
        return context, weights
