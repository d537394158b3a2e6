"""Question 38 - Vision Transformer (ViT).

Write `PatchEmbed`, which cuts an image into non-overlapping patch_size x patch_size patches and projects
each one to an embed_dim vector, and `ViT`, which prepends a learned class token, adds learned position
embeddings, runs Transformer encoder blocks and classifies from the class token.

    >>> embed = PatchEmbed(img_size=32, patch_size=4, in_chans=3, embed_dim=64)
    >>> embed(torch.randn(2, 3, 32, 32)).shape          # (B, N, D), N = (32 / 4) ** 2
    torch.Size([2, 64, 64])
    >>> ViT(img_size=32, patch_size=4, num_classes=10)(torch.randn(2, 3, 32, 32)).shape
    torch.Size([2, 10])

Layout (fixed, the grader relies on it):
- `PatchEmbed.proj` is `nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size)`
  (with bias); patches are numbered row-major: patch n is the one at grid row n // G, column n % G,
  where G = img_size // patch_size;
- `ViT.cls_token` is an `nn.Parameter` of shape (1, 1, D) and `ViT.pos_embed` one of shape (1, N + 1, D);
  the token sequence is [cls, patch_0, ..., patch_{N-1}] + pos_embed (row 0 of pos_embed belongs to
  the class token, row n + 1 to patch n);
- the logits are computed from the class token (position 0) of the last encoder output alone. The
  encoder blocks are yours to choose (written by hand, or `nn.TransformerEncoderLayer`), as long as
  tokens only mix within an image, in train and in eval mode (so no BatchNorm over the batch).

What the grader checks:
- `PatchEmbed` output shape (B, N, D) for several sizes (in_chans 1 and 3, N = 1 when patch_size ==
  img_size, B = 1 and odd B), also for non-contiguous (channels-last) images;
- `PatchEmbed` equals unfold + matmul with the same weights (`F.unfold(x, patch_size, stride=patch_size)`
  times `proj.weight` flattened, plus `proj.bias`), so the patch order is row-major;
- an image size not divisible by the patch size raises `ValueError` in the constructor of `PatchEmbed`
  and of `ViT`;
- `ViT` output shape (B, num_classes) for several configurations, the defaults included, B = 1 and odd B;
  `cls_token` and `pos_embed` are parameters of the shapes above;
- `depth` is the number of encoder blocks: each one adds the same number of parameters, and with
  depth=1 the parameters outside the blocks (patch embedding, cls_token, pos_embed, head, norms) are
  fewer than those of one block (checked with img_size=8, patch_size=2, in_chans=1, embed_dim=16);
  `num_heads` is used: from the same seed, num_heads=1 and num_heads=4 give different logits;
- in eval mode: different images give different logits, and batch elements are independent (an image's
  logits do not depend on the other images in the batch); in train mode too: the gradient of one
  image's logits with respect to the other images is zero;
  the logits depend on the last encoder output only through the class token; swapping two image patches
  together with their rows of `pos_embed` leaves the logits unchanged, while swapping the patches alone
  changes them; moving a vector from `pos_embed[:, 0]` into `cls_token` leaves them unchanged;
- in train mode, every parameter receives a gradient: `cls_token`, every row of `pos_embed` (both
  require grad), and the rest.
"""

import torch
from torch import nn


class PatchEmbed(nn.Module):
    def __init__(self, img_size: int, patch_size: int, in_chans: int, embed_dim: int) -> None:
        super().__init__()
        # TODO
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, in_chans, img_size, img_size) -> (B, N, embed_dim), N = (img_size // patch_size) ** 2."""
        # TODO
        raise NotImplementedError


class ViT(nn.Module):
    def __init__(
        self,
        img_size: int = 32,
        patch_size: int = 4,
        in_chans: int = 3,
        num_classes: int = 10,
        embed_dim: int = 64,
        depth: int = 2,
        num_heads: int = 4,
    ) -> None:
        super().__init__()
        # TODO
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, in_chans, img_size, img_size) -> logits (B, num_classes)."""
        # TODO
        raise NotImplementedError
