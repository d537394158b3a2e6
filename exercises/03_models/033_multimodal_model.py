"""Question 33 - Image and text classifier.

Write `ImageTextClassifier`, a model with two inputs: it encodes an image and a padded sequence of
token ids separately, combines the two representations and returns class logits.

    >>> model = ImageTextClassifier(vocab_size=1000, num_classes=5, embed_dim=64, pad_idx=0)
    >>> image = torch.randn(2, 3, 32, 48)
    >>> tokens = torch.tensor([[5, 17, 9, 0, 0], [8, 3, 2, 44, 6]])   # row 0: 3 tokens, then padding
    >>> model(image, tokens).shape
    torch.Size([2, 5])

- `image` is float32 (B, 3, H, W) with any H, W >= 16 (not necessarily square, not only 32x32);
- `tokens` is int64 (B, T); `pad_idx` marks padding at the end of a row, and every row has at least one
  real token (T may be 1); other ids, 0 included when `pad_idx != 0`, are real tokens;
- the text goes through an `nn.Embedding` (or `nn.EmbeddingBag`) with `vocab_size` rows; the rest of the
  architecture, and every attribute name, is up to you.

What the grader checks:
- output shape (B, num_classes), float32, for B = 1 (in eval mode) and B > 1 (in train mode), for several
  image sizes (square and not, odd sizes, 16x16), non-contiguous images (channels-last, and with H and W
  transposed in memory), and T = 1 or longer;
- the image influences the output: a random weighted sum of the logits has a non-zero gradient with
  respect to every sample's image, and changing an image changes its logits;
- the text influences the output: that weighted sum gives a non-zero gradient to the embedding weights,
  in the row of every real token in the batch, and changing a real token changes its row's logits, for
  `pad_idx = 0` and for a `pad_idx` with real ids below it (0 and 1 among them);
- padding does not change the output (eval mode, with and without `torch.no_grad()`): appending more
  padding to every row gives the same logits, for `pad_idx = 0` and for another `pad_idx`;
- batch elements are independent (eval mode): each row of a batch whose rows have different numbers of
  real tokens gets the same logits as when it is passed alone, and reordering the batch reorders the logits;
- the output in eval mode is deterministic (two calls give the same logits);
- the inputs are not modified.
"""

import torch
from torch import nn


class ImageTextClassifier(nn.Module):
    def __init__(self, vocab_size: int, num_classes: int, embed_dim: int = 64, pad_idx: int = 0) -> None:
        super().__init__()
        # TODO
        raise NotImplementedError

    def forward(self, image: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        """image (B, 3, H, W), tokens (B, T) int64 -> logits (B, num_classes)."""
        # TODO
        raise NotImplementedError
