"""A correct answer to question 2 that uses what the standard library does with frames on its behalf:
namedtuple, TypeVar, Enum, logging, warnings and a printed traceback, at import and in the call."""

import collections
import enum
import logging
import sys
import traceback
import typing
import warnings

import torch

Pair = collections.namedtuple("Pair", "a b")
T = typing.TypeVar("T")
Color = enum.Enum("Color", "RED GREEN")
logging.getLogger("prep.benign").warning("imported %s", Pair(1, 2))


def matmul_transpose(x: torch.Tensor) -> torch.Tensor:
    try:
        raise ValueError("shown, then handled")
    except ValueError:
        traceback.print_exc()
        traceback.extract_tb(sys.exc_info()[2])
    warnings.warn("a warning from graded code", stacklevel=2)
    logging.getLogger("prep.benign").info("called with %s", tuple(x.shape))
    return x @ x.transpose(-1, -2)
