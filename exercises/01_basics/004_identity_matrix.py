"""Question 4 - Identity matrix without torch.eye.

Build an (n, n) identity matrix: zeros everywhere and ones on the main diagonal. Do it with
`fill_diagonal`, which writes `value` in place on the main diagonal of any 2-D tensor, square or not.

    >>> identity(3)
    tensor([[1., 0., 0.],
            [0., 1., 0.],
            [0., 0., 1.]])
    >>> x = torch.zeros(2, 4, dtype=torch.int64)
    >>> fill_diagonal(x, 7) is x
    True
    >>> x
    tensor([[7, 0, 0, 0],
            [0, 7, 0, 0]])

What the grader checks:
- `identity(n)`: shape (n, n) and values for n = 1 and odd and even sizes; dtype float32 by default,
  and the requested dtype (float64, float16, int64, bool) otherwise;
- `fill_diagonal(x, value)`: only the main diagonal changes, to `value`, on random (non-zero) square
  input and on non-square input, tall (r > c) and wide (r < c): the main diagonal of an (r, c) tensor
  is the min(r, c) entries (i, i);
- it works in place: `x` itself holds the result, and the object returned is `x` itself (`is`);
- it works in place on a non-contiguous view (a transpose, a strided slice): the viewed tensor changes;
- the dtype of `x` is kept, and so are its values: int64 entries too large for float32 (above 2**24)
  stay exact, and a float64 `value` such as 0.1 is written in float64;
- forbidden: `torch.eye`, `torch.Tensor.fill_diagonal_`, `torch.diag_embed` (and `Tensor.diag_embed`),
  under any other name too (`torch.ops.aten.eye`, `torch._refs.eye`, `torch._refs.diag_embed`), and
  NumPy's ready-made versions, `numpy.eye`, `numpy.identity` and `numpy.fill_diagonal`: write the
  diagonal yourself (indexing, `diagonal()`, a mask, a loop: anything else is fine).
"""

import torch


def identity(n: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """Return the (n, n) identity matrix of the given dtype."""
    # TODO
    raise NotImplementedError


def fill_diagonal(x: torch.Tensor, value: float) -> torch.Tensor:
    """Set the main diagonal of the 2-D tensor `x` (r, c) to `value` in place and return `x`."""
    # TODO
    raise NotImplementedError
