"""Wrong: computing in float32 and casting the results back keeps the float64 dtype but not its precision."""
# fails: float64_input_stays_float64
# cause: float64 input was computed in float32 and cast back: compute in float64

import torch


def column_stats(x: torch.Tensor, unbiased: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    dtype = x.dtype if x.is_floating_point() else torch.float32
    xf = x.to(torch.float32)
    return xf.mean(dim=0).to(dtype), xf.std(dim=0, correction=int(unbiased)).to(dtype)
