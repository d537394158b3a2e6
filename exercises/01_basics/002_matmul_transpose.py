"""Question 2 - Matrix times its transpose.

Multiply a matrix by its own transpose, `x @ x^T`, for a single (n, m) matrix and for a batch of
matrices (b, n, m), where each matrix in the batch is multiplied by its own transpose.

    >>> x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    >>> matmul_transpose(x)
    tensor([[14., 32.],
            [32., 77.]])
    >>> matmul_transpose(torch.randn(4, 3, 5)).shape
    torch.Size([4, 3, 3])

What the grader checks:
- output shapes: (n, m) -> (n, n) and (b, n, m) -> (b, n, n), with batch size 1, a single row or
  column, and a (3, 3, 3) batch where every dimension has the same size;
- values vs the reference for 2-D input and for batched 3-D input (each matrix times its own transpose),
  also for non-contiguous input (a transposed matrix, a batch of transposed matrices);
- the result is symmetric;
- gradients with respect to `x` match the reference (2-D and 3-D);
- the dtype is kept: float32 in, float32 out, and float64 stays float64 (computed in float64);
- the input is not modified (its values, and its `requires_grad` flag).
"""

import torch


def matmul_transpose(x: torch.Tensor) -> torch.Tensor:
    """Return `x @ x^T`: (n, m) -> (n, n), or (b, n, m) -> (b, n, n) for a batch of matrices."""
    # TODO
    raise NotImplementedError
