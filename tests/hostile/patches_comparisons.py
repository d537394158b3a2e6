"""Makes every comparison tool say 'equal' when imported, then answers wrongly."""

import builtins

import numpy as np
import torch

torch.testing.assert_close = lambda *args, **kwargs: None
torch.allclose = lambda *args, **kwargs: True
torch.equal = lambda *args, **kwargs: True
torch.isclose = lambda a, b, **kwargs: torch.ones_like(a, dtype=torch.bool)
np.testing.assert_allclose = lambda *args, **kwargs: None
np.testing.assert_array_equal = lambda *args, **kwargs: None
np.shares_memory = lambda *args, **kwargs: True
builtins.isinstance = lambda obj, cls: True


def __getattr__(name):
    def wrong(*args, **kwargs):
        return args[0] if args else None

    return wrong
