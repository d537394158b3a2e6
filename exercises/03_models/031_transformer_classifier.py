"""Question 31 - Transformer encoder text classifier.

Write `TransformerClassifier`: embed the tokens, add learned position embeddings, run an
`nn.TransformerEncoder` (batch_first) that ignores padding, average the real tokens' outputs (masked
mean pooling) and map the result to class logits.

    >>> model = TransformerClassifier(vocab_size=1000, d_model=64, nhead=4, num_layers=2, num_classes=3)
    >>> tokens = torch.tensor([[5, 17, 9, 0, 0], [8, 3, 2, 44, 6]])   # pad_idx=0: row 0 has 3 tokens
    >>> logits = model(tokens)
    >>> logits.shape
    torch.Size([2, 3])

- `tokens` is int64 (B, T) with 1 <= T <= max_len; `pad_idx` marks padding at the end of a row, every
  row has at least one real token, and other ids (0 included when `pad_idx != 0`) are real tokens;
- positions are learned: a trainable (max_len, d_model) table (an `nn.Embedding(max_len, d_model)` or a
  parameter of that shape, optionally with a leading 1) added to the token embeddings, an
  `nn.Embedding(vocab_size, d_model)`;
- padding must not matter: real tokens do not attend to padding, and pooling averages the encoder
  outputs of the real tokens only; the head sees nothing but that average (a per-token step after the
  encoder, such as a final LayerNorm, belongs inside it: `nn.TransformerEncoder(..., norm=...)`);
- `forward` returns logits (no softmax). Attribute names are up to you.

What the grader checks:
- finite float32 logits of shape (B, num_classes) for B = 1 and B > 1, T = 1, T = max_len and in between,
  in train and eval mode, with the default arguments and with others (num_classes = 3, pad_idx = 4, ...);
- appending padding to every row leaves the logits unchanged (eval mode, both with gradients enabled
  and under `torch.no_grad()`, which takes PyTorch's fast path), for pad_idx = 0 and another pad_idx;
- changing the content of the padding, i.e. the `pad_idx` row of the token embedding, leaves the logits
  unchanged (eval mode, with gradients enabled and under `torch.no_grad()`);
- batch elements are independent (eval mode): each row of a batch whose rows have different numbers of
  real tokens gets the same logits alone, and reordering the batch reorders the logits;
- pooling is the masked mean (eval mode): with the output of the `nn.TransformerEncoder` replaced (by a
  forward hook) with vectors whose average over each row's real tokens is the same, rows with 1 to 7
  real tokens and noise at their padding all get the same logits, and two calls agree;
- positions are learned and used: a (max_len, d_model) parameter with requires_grad=True gets a non-zero
  gradient, and, with that table set to random values, swapping two different real tokens changes the
  logits;
- it trains: on a keyword task (label 1 when a given token occurs among the real tokens), 30 full-batch
  Adam steps (lr 3e-3, cross-entropy on the logits, 64 sequences of length 8) bring the cross-entropy on those
  sequences, measured in eval mode, to 0.2 or less, and the model then classifies at least 90% of new
  sequences correctly.
"""

import torch
from torch import nn


class TransformerClassifier(nn.Module):
    def __init__(
        self,
        vocab_size: int,
        d_model: int = 64,
        nhead: int = 4,
        num_layers: int = 2,
        num_classes: int = 2,
        max_len: int = 128,
        pad_idx: int = 0,
    ) -> None:
        super().__init__()
        # TODO
        raise NotImplementedError

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        """tokens (B, T) int64 -> logits (B, num_classes)."""
        # TODO
        raise NotImplementedError
