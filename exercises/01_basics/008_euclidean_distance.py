"""Question 8 - Euclidean and pairwise distances.

Write `euclidean_distance(a, b)`, the Euclidean distance between `a` and `b` along the last dimension
after broadcasting them against each other, and `pairwise_distance(a, b)`, the distance between every
row of an (n, d) tensor and every row of an (m, d) tensor, as an (n, m) matrix.

    >>> a = torch.tensor([[0.0, 0.0], [1.0, 1.0]])
    >>> b = torch.tensor([[3.0, 4.0], [1.0, 2.0]])
    >>> euclidean_distance(a, b)                  # row i of a with row i of b
    tensor([5., 1.])
    >>> pairwise_distance(a, b)                   # out[i, j] = distance(a[i], b[j])
    tensor([[5.0000, 2.2361],
            [3.6056, 1.0000]])

What the grader checks:
- `euclidean_distance` output shapes and values vs the reference: (n, d) with (n, d) -> (n,),
  (n, d) with a single point (d,) -> (n,), two vectors (d,) -> a 0-d tensor, broadcast batches such as
  (2, 1, d) with (1, 3, d) -> (2, 3), batch size 1;
- `pairwise_distance` output shapes and values vs the reference: (n, d) and (m, d) -> (n, m) with
  n != m, n = 1 and m = 1;
- float64 in -> float64 out, computed in float64 for both functions (to about 1e-7 relative): the grader
  uses coordinates near 1000, where float32 drops digits, and of size 1e20, whose squares overflow float32;
- gradients with respect to `a` and `b` match the reference for both functions;
- where a == b (a row equal to the point it is compared with, or a point compared with itself in
  `pairwise_distance`) the distance is 0 (at most 1e-5: the |a|^2 + |b|^2 - 2 a.b expansion, which
  cancels to about 1e-3 in float32, does not pass) and the gradient is finite: no NaN or inf, although
  the slope of sqrt is infinite at 0;
- large inputs work: `pairwise_distance` of 2000 x 8 and 1500 x 8 tensors, within 10 s;
- no Python loop over the points: `pairwise_distance` makes the same number of torch calls for every n
  and m (the grader compares sizes from 3 to 1100, so a loop over chunks of points fails too);
- the inputs are not modified;
- forbidden: `torch.cdist`, `torch.nn.functional.pairwise_distance` (and `torch.pairwise_distance`,
  `nn.PairwiseDistance`), `torch.dist` (and `Tensor.dist`), `torch._euclidean_dist`.
"""

import torch


def euclidean_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return the distance between `a` and `b` over the last dimension: broadcast shape without the last dim."""
    # TODO
    raise NotImplementedError


def pairwise_distance(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return the (n, m) matrix of distances between the rows of `a` (n, d) and the rows of `b` (m, d)."""
    # TODO
    raise NotImplementedError
