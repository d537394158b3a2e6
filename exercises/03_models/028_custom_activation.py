"""Question 28 - Swish and GELU from scratch.

Implement the Swish activation x * sigmoid(beta * x) and GELU x * Phi(x) (Phi: the standard normal CDF;
`approximate="tanh"` uses 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3))) instead) from
elementary torch operations, a `Swish` module whose `beta` can be learned, and `SwishFunction`, a
`torch.autograd.Function` whose backward you derive and write by hand.

    >>> x = torch.tensor([-2.0, 0.0, 1.5])
    >>> swish(x), swish(x, beta=2.0)
    (tensor([-0.2384,  0.0000,  1.2264]), tensor([-0.0360,  0.0000,  1.4289]))
    >>> gelu(x), gelu(x, approximate="tanh")
    (tensor([-0.0455,  0.0000,  1.3998]), tensor([-0.0454,  0.0000,  1.3996]))
    >>> SwishFunction.apply(x, torch.tensor(1.0, requires_grad=True))
    tensor([-0.2384,  0.0000,  1.2264], grad_fn=<SwishFunctionBackward>)

What the grader checks:
- `swish(x, beta)` values vs the reference on inputs of several shapes, for beta = 1.0 (the default),
  0.5, 2.5 and -0.7, given as a Python float or as a 0-d tensor; float64 input stays float64;
- `swish` gradients vs the reference, with respect to `x` and to a 0-d tensor `beta` that requires grad;
- `gelu(x, approximate)` values and gradients vs the reference for "none" (the default, exact, with erf)
  and "tanh"; each is checked against its own formula (the two differ by up to about 5e-4); float64 input
  stays float64; any other `approximate` raises `ValueError`;
- large inputs (|x| up to 500, float32): finite values and finite gradients that match the reference for
  `swish`, `gelu`, `Swish` and `SwishFunction` (an exp(-x) that overflows gives inf or NaN);
- `Swish()` / `Swish(learnable_beta=True)`: `beta` is an `nn.Parameter` named "beta", a one-element
  tensor (shape () or (1,), your choice) starting at 1.0; `Swish(learnable_beta=False)`: `beta` is a
  buffer (in the state_dict, converted by `.double()`), not a parameter, starting at 1.0;
- `Swish` outputs vs the reference with `beta` set to other values (1.7, -0.6), in both modes;
- `beta` receives a gradient: after `loss.backward()`, `Swish().beta.grad` (and the input's gradient)
  match the reference;
- `SwishFunction` is a `torch.autograd.Function`; `SwishFunction.apply(x, beta)` (beta a 0-d tensor, with
  or without requires_grad) gives swish's values (float64 input in float64); its hand-written backward
  returns a gradient for each input that requires one, equal to autograd's through `swish`, and passes
  `torch.autograd.gradcheck` in float64 for x and beta;
- forbidden: `F.gelu`, `F.silu`, `nn.GELU`, `nn.SiLU` (a call is refused with "forbidden call");
- the inputs are not modified.
"""

import torch
from torch import nn


def swish(x: torch.Tensor, beta: float | torch.Tensor = 1.0) -> torch.Tensor:
    """x * sigmoid(beta * x), same shape as x; beta is a float or a 0-d tensor."""
    # TODO
    raise NotImplementedError


def gelu(x: torch.Tensor, approximate: str = "none") -> torch.Tensor:
    """GELU of x: exact ("none", with erf) or the "tanh" approximation; same shape as x."""
    # TODO
    raise NotImplementedError


class SwishFunction(torch.autograd.Function):
    """Swish with a hand-written backward: `SwishFunction.apply(x, beta)`, beta a 0-d tensor."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, beta: torch.Tensor) -> torch.Tensor:
        # TODO
        raise NotImplementedError

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor) -> tuple[torch.Tensor | None, torch.Tensor | None]:
        # TODO
        raise NotImplementedError


class Swish(nn.Module):
    """Swish as a module; `beta` starts at 1.0 and is learned when `learnable_beta` is True."""

    def __init__(self, learnable_beta: bool = True) -> None:
        super().__init__()
        # TODO
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # TODO
        raise NotImplementedError
