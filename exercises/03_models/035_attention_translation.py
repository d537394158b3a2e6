"""Question 35 - Bahdanau additive attention.

Write `AdditiveAttention`, the attention of a Bahdanau-style translation decoder: score every encoder
output h_s against the decoder state d with e_s = v^T tanh(W_enc h_s + W_dec d), turn the scores into
weights with a softmax over the source positions, and return the weighted sum of the encoder outputs.

    >>> attn = AdditiveAttention(enc_dim=6, dec_dim=5, attn_dim=4)
    >>> dec_state, enc_outputs = torch.randn(2, 5), torch.randn(2, 7, 6)   # B=2, S=7
    >>> src_mask = torch.tensor([[True] * 7, [True] * 4 + [False] * 3])   # row 1: 4 real tokens
    >>> context, weights = attn(dec_state, enc_outputs, src_mask)
    >>> context.shape, weights.shape, weights[1, 4:]                        # (B, De), (B, S)
    (torch.Size([2, 6]), torch.Size([2, 7]), tensor([0., 0., 0.], grad_fn=<SliceBackward0>))

Parameters (attribute names are part of the spec: the grader loads the same state_dict into your module
and into its own): `W_enc = nn.Linear(enc_dim, attn_dim, bias=False)`, `W_dec = nn.Linear(dec_dim,
attn_dim, bias=False)`, `v = nn.Linear(attn_dim, 1, bias=False)`, and no other parameters.
`src_mask` is a bool (B, S) tensor, True = a real source position to keep, False = padding; `None`
(the default) keeps every position. Every row keeps at least one position.

What the grader checks:
- `forward` returns a tuple `(context (B, De), weights (B, S))`, also for B = 1 and S = 1, with
  enc_dim, dec_dim and attn_dim all different;
- the parameters are exactly the three bias-free Linear layers above, with those shapes;
- context and weights match the reference with the same weights, without a mask (`src_mask=None` and an
  all-True mask give the same result) and with masks that drop different positions in each row (not
  only a suffix), including a row that keeps a single position, and for non-contiguous `enc_outputs`;
- masked positions get a weight of exactly 0.0, and changing the encoder outputs at masked positions
  (even to large values) changes neither the weights nor the context;
- the weights are non-negative and each row sums to 1, with and without a mask;
- gradients with respect to `dec_state`, `enc_outputs` and every parameter match the reference
  (backpropagating a random weighted sum of context and weights);
- the inputs are not modified.
"""

import torch
from torch import nn


class AdditiveAttention(nn.Module):
    def __init__(self, enc_dim: int, dec_dim: int, attn_dim: int) -> None:
        super().__init__()
        # TODO: W_enc, W_dec, v
        raise NotImplementedError

    def forward(
        self, dec_state: torch.Tensor, enc_outputs: torch.Tensor, src_mask: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """dec_state (B, Dd), enc_outputs (B, S, De), src_mask (B, S) or None -> (context (B, De), weights (B, S))."""
        # TODO
        raise NotImplementedError
