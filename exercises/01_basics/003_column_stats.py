"""Question 3 - Column mean and standard deviation.

Compute the mean and the standard deviation of every column of an (n, m) tensor, returning two (m,)
tensors. `unbiased=True` divides the variance by n - 1 (the sample std), `unbiased=False` by n.

    >>> x = torch.tensor([[1.0, 10.0], [3.0, 20.0], [5.0, 60.0]])
    >>> mean, std = column_stats(x)
    >>> mean, std
    (tensor([ 3., 30.]), tensor([ 2.0000, 26.4575]))
    >>> column_stats(x, unbiased=False)[1]
    tensor([ 1.6330, 21.6025])

What the grader checks:
- a tuple `(mean, std)` of two tensors of shape (m,) for (n, m) input with n != m, with one row, and
  with one column (m = 1 still gives shape (1,), not a 0-d tensor);
- values vs the reference for `unbiased=True` (the default) and for `unbiased=False`, on columns with
  different means and scales, some far from zero (mean around 100, std 0.1), and on non-contiguous
  input (a transposed tensor);
- with one row, `unbiased=True` gives a NaN std (n - 1 = 0, as `torch.std` does) and `unbiased=False` 0;
- integer input (int64, int32, uint8) gives float32 results; float64 input stays float64, computed in
  float64 (its values are not representable in float32);
- the input is not modified.
"""

import torch


def column_stats(x: torch.Tensor, unbiased: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """Return `(mean, std)` of each column of `x` (n, m), both of shape (m,)."""
    # TODO
    raise NotImplementedError
