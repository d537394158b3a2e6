"""Question 24 - Chunked inference over a large array.

A data set too large for memory sits on disk as a NumPy memmap. Write `predict_in_batches`, which runs a
model over it `batch_size` rows at a time, in eval mode and under `torch.inference_mode()`, and returns all
the predictions as one NumPy array, without ever holding more than `batch_size` input rows in memory.

    >>> data = np.lib.format.open_memmap("features.npy", mode="r")   # (100000, 16) float32 on disk
    >>> model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 10))
    >>> out = predict_in_batches(model, data, batch_size=256)
    >>> out.shape, out.dtype
    ((100000, 10), dtype('float32'))

What the grader checks:
- the result equals the model's output on the whole array at once (in eval mode), rows in order, for
  N not a multiple of batch_size, N > batch_size ** 2, batch_size = 1 and batch_size > N, on .npy and raw
  memmaps and plain arrays, with rows of shape (F,) or (C, F), and for a model whose output is (B,);
- each chunk reaches the model as a float32 tensor of shape (b, *row shape), e.g. (b, C, F) (the grader's
  model refuses flattened rows and other dtypes; the data may be float64; values are not rescaled);
- the result is a float32 `np.ndarray` (N, *out);
- the model runs in eval mode on every chunk (`model.training` is False and so is every submodule's flag:
  Dropout and BatchNorm in inference behaviour), and each forward call runs under `torch.inference_mode()`;
- afterwards `model.training` is what it was before (True or False; the submodules' flags are not
  compared), also when the model raises (the error reaches the caller), and the model's parameters and
  buffers are unchanged (values and dtypes);
- `data` may be any object that offers only `len(data)` and slices `data[i:j]` (no integer indexing,
  no `.shape`, no `np.asarray(data)`): the grader passes such a wrapper, which counts the rows of every
  slice: no slice may be larger than `batch_size`, the model never sees more than `batch_size` rows at once,
  and each chunk goes through the model as it is read (reading one chunk ahead is fine, reading all first is
  not).
"""

import numpy as np
from torch import nn


def predict_in_batches(model: nn.Module, data: np.ndarray | np.memmap, batch_size: int) -> np.ndarray:
    """Model outputs for every row of `data` (N, ...), computed `batch_size` rows at a time -> (N, *out)."""
    # TODO
    raise NotImplementedError
