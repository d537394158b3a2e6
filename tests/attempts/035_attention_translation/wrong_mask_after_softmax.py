"""Wrong: the weights are multiplied by the mask after the softmax and not renormalised."""
# fails: matches_reference_with_mask, weights_sum_to_one
# cause: the weights are multiplied by the mask after the softmax, so they no longer sum to 1

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
        weights = torch.softmax(scores, dim=-1)  # (B, S)
        if src_mask is not None:
            weights = weights * src_mask  # zero the padding
        context = torch.bmm(weights.unsqueeze(1), enc_outputs).squeeze(1)  # (B, 1, S) @ (B, S, De) -> (B, De)
        return context, weights
