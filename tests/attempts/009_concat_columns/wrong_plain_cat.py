"""Wrong: no row-count check, so torch.cat's RuntimeError escapes instead of a ValueError."""
# fails: mismatched_rows_raise_value_error, error_message_names_both_shapes

import torch


def concat_columns(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return torch.cat([a.reshape(a.shape[0], -1), b.reshape(b.shape[0], -1)], dim=1)
