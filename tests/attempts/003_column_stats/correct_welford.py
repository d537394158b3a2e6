"""Correct, written differently: Welford's streaming update over the rows, in the output dtype."""

import torch


def column_stats(x: torch.Tensor, unbiased: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    dtype = x.dtype if x.is_floating_point() else torch.float32
    rows = x.to(dtype)
    mean = torch.zeros(rows.shape[1], dtype=dtype)
    m2 = torch.zeros(rows.shape[1], dtype=dtype)  # running sum of squared deviations
    for k, row in enumerate(rows, start=1):
        delta = row - mean
        mean = mean + delta / k
        m2 = m2 + delta * (row - mean)
    return mean, (m2 / (rows.shape[0] - int(unbiased))).sqrt()
