"""Question 9 - Column-wise concatenation with torch.cat.

Write `concat_columns(a, b)`, which puts the columns of `b` to the right of the columns of `a`: an
(n, p) and an (n, q) tensor give an (n, p + q) tensor, and a 1-D tensor of length n counts as a single
column (n, 1).

    >>> a = torch.tensor([[1, 2], [3, 4]])
    >>> concat_columns(a, torch.tensor([5, 6]))      # 1-D: one column
    tensor([[1, 2, 5],
            [3, 4, 6]])
    >>> concat_columns(torch.zeros(3, 2), torch.zeros(4, 2))
    Traceback (most recent call last):
      ...
    ValueError: ... (3, 2) ... (4, 2) ...

What the grader checks:
- output shapes: (n, p) with (n, q) -> (n, p + q), including p != q and n = 1, and 1-D inputs as
  columns: (n,) with (n,) -> (n, 2), (n,) with (n, q) -> (n, 1 + q), (n, p) with (n,) -> (n, p + 1);
- values vs the reference for 2-D inputs (including a transposed, non-contiguous input) and for 1-D
  inputs: the columns of `a` first, then those of `b`;
- the dtype is kept (int64 stays int64, float64 stays float64);
- different row counts raise `ValueError` (not the RuntimeError `torch.cat` raises), also when one
  input is 1-D, and also when a 1-D input's length is a multiple of the other's row count ((3, 2) with
  (6,) raises: a 1-D input is one column, never folded into several);
- the error message names both shapes as "(3, 2)" (`tuple(t.shape)`) or "[3, 2]" (`list(t.shape)`, or
  `t.shape`, which prints torch.Size([3, 2])); a 1-D input may appear as given, (4,), or as a column, (4, 1);
- gradients flow back to both inputs;
- the inputs are not modified.
"""

import torch


def concat_columns(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return the columns of `a` followed by the columns of `b`: (n, p) and (n, q) -> (n, p + q)."""
    # TODO
    raise NotImplementedError
