"""Switches torch's default dtype to float64 in every call and never switches it back."""

import torch


def __getattr__(name):
    def answer(*args, **kwargs):
        torch.set_default_dtype(torch.float64)
        raise LookupError(name)

    return answer
