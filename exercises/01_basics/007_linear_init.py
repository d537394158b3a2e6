"""Question 7 - Initialising an nn.Linear layer.

Build an `nn.Linear(in_features, out_features)` whose weight is drawn from the chosen initialisation and
whose bias is the constant `bias_value`, reproducibly when a `seed` is given.

    >>> layer = make_linear(512, 256, init="kaiming_normal", bias_value=0.1, seed=0)
    >>> layer.weight.shape, layer.bias.shape
    (torch.Size([256, 512]), torch.Size([256]))
    >>> round(layer.weight.std().item(), 2)       # about sqrt(2 / 512) = 0.0625
    0.06
    >>> layer.bias[:3]
    tensor([0.1000, 0.1000, 0.1000], grad_fn=<SliceBackward0>)

`init` is one of:
- "xavier_uniform": Glorot uniform with gain 1, U(-a, a) with a = sqrt(6 / (fan_in + fan_out));
- "kaiming_normal": He normal with PyTorch's defaults (fan_in, ReLU gain), N(0, std^2) with
  std = sqrt(2 / fan_in);
- "normal_002": N(0, 0.02^2).
For a Linear layer fan_in = in_features and fan_out = out_features.

What the grader checks:
- the result is an `nn.Linear` with weight (out_features, in_features) and bias (out_features,), float32
  parameters that require grad;
- the bias equals `bias_value` everywhere (default 0.0), for every init; an int `bias_value` such as 1
  gives a float32 bias too;
- for each init, a 512x512 layer has a weight mean near 0 and a std within 5% of the value above, and
  so does a non-square 768 -> 192 layer (fan_in and fan_out differ there);
- the weights have the right distribution: uniform ones fill [-a, a] without leaving it, normal ones
  have about 4.6% of values beyond 2 std;
- the same `seed` gives the same weights, even when the global RNG changed in between, and a different
  seed gives different weights; `seed=0` is a seed like any other (only `None` means no seed);
- with `seed=None` the global RNG is used: two calls in a row differ, and `torch.manual_seed(s)` before
  each call makes them equal;
- an unknown `init` (another name, another capitalisation, "") raises `ValueError`.
"""

from torch import nn


def make_linear(
    in_features: int,
    out_features: int,
    init: str = "xavier_uniform",
    bias_value: float = 0.0,
    seed: int | None = None,
) -> nn.Linear:
    """An `nn.Linear(in_features, out_features)` initialised with `init`, its bias filled with `bias_value`."""
    # TODO
    raise NotImplementedError
