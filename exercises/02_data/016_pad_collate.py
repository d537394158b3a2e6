"""Question 16 - Padding collate_fn for sequences.

Write `pad_collate`, the `collate_fn` of a `DataLoader` whose items are `(sequence, label)` pairs with
sequences of different lengths: it pads the sequences into one (B, T) tensor, T being the longest length
in the batch, and returns the true lengths and the labels with it, everything in the order the items came.

    >>> batch = [(torch.tensor([5, 6, 7]), 1), (torch.tensor([8]), 0)]
    >>> padded, lengths, labels = pad_collate(batch, pad_value=-1)
    >>> padded
    tensor([[ 5,  6,  7],
            [ 8, -1, -1]])
    >>> lengths, labels
    (tensor([3, 1]), tensor([1, 0]))

What the grader checks:
- shapes: `padded` is (B, T) with T the longest sequence of the batch (wherever it is in the batch),
  `lengths` and `labels` are (B,); batch size 1, an odd batch size and batches of equal lengths included;
- dtypes: `padded` keeps the sequences' dtype (int64); `lengths` and `labels` are int64;
- row i starts with sequence i unchanged (padding goes at the end) and is filled with `pad_value` after
  it, for the default 0 and for other values (-1, 7);
- `lengths` are the true lengths, also when a sequence contains the token `pad_value` itself and when a
  sequence is empty (length 0);
- the batch order is kept (no sorting by length): row i, `lengths[i]` and `labels[i]` belong to item i;
- the batch is not modified (the list, its items and their tensors);
- inside `DataLoader(dataset, batch_size=3, collate_fn=pad_collate)`, and with
  `collate_fn=functools.partial(pad_collate, pad_value=-1)`, every batch of two successive epochs is as above.
"""

import torch


def pad_collate(
    batch: list[tuple[torch.Tensor, int]], pad_value: int = 0
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Pad the (L_i,) int64 sequences of `batch` into `(padded (B, T), lengths (B,), labels (B,))`."""
    # TODO
    raise NotImplementedError
