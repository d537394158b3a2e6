"""Wrong: W_enc and W_dec keep nn.Linear's default bias, which the spec leaves out."""
# fails: parameters_follow_the_spec, matches_reference_without_mask

import torch
from torch import nn


class AdditiveAttention(nn.Module):
    def __init__(self, enc_dim: int, dec_dim: int, attn_dim: int) -> None:
        super().__init__()
        self.W_enc = nn.Linear(enc_dim, attn_dim)
        self.W_dec = nn.Linear(dec_dim, attn_dim)
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
