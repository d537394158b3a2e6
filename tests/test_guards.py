"""Forbidden APIs are refused to the attempt by every public route to them, and stay usable by the grader.

Runs in a fresh interpreter: installing guards changes torch for the rest of the process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ATTEMPT = """
import torch
import torch.nn.functional as F

ROUTES = {
    "torch.eye": lambda: torch.eye(3),
    "torch._C._VariableFunctions.eye": lambda: torch._C._VariableFunctions.eye(3),
    "torch.ops.aten.eye": lambda: torch.ops.aten.eye(3),
    "torch.ops.aten.eye.default": lambda: torch.ops.aten.eye.default(3),
    "torch.ops.aten.eye.default._op": lambda: torch.ops.aten.eye.default._op(3),
    "torch._C._jit_get_operation": lambda: torch._C._jit_get_operation("aten::eye")[0](3),
    "torch._C._nn.gelu": lambda: torch._C._nn.gelu(torch.ones(2)),
    "torch.ops.aten.gelu.default": lambda: torch.ops.aten.gelu.default(torch.ones(2)),
    "torch._VF.rnn_tanh": lambda: torch._VF.rnn_tanh,
    "torch.functional.cdist": lambda: torch.functional.cdist(torch.ones(2, 2), torch.ones(2, 2)),
}


def attempt_calls(route):
    value = ROUTES[route]()
    return value() if route == "torch._VF.rnn_tanh" else value
"""

DRIVER = """
import importlib.util, sys, torch
from grader.checks import forbid
from grader.checks.errors import ForbiddenCall
from grader.engine import guards

forbid("torch.eye", "F.gelu", "torch.rnn_tanh", "torch.cdist")
guards.install([sys.argv[1]])
spec = importlib.util.spec_from_file_location("attempt", sys.argv[1])
attempt = importlib.util.module_from_spec(spec)
spec.loader.exec_module(attempt)
for route in attempt.ROUTES:
    try:
        attempt.attempt_calls(route)
        print(route, "-> allowed")
    except ForbiddenCall as refused:
        print(route, "->", refused)
    except TypeError:
        print(route, "-> called through")  # torch._VF.rnn_tanh() without arguments reached the real op
torch.eye(2), torch._C._VariableFunctions.eye(2), torch.ops.aten.eye.default(2)
torch.ops.aten.gelu.default(torch.ones(2))
torch.cdist(torch.ones(1, 1), torch.ones(1, 1))
print("grader -> allowed")
import pytest
with pytest.MonkeyPatch.context() as patch:  # a check that lifts the ban: every route, then back after it
    guards.allow(patch, "torch.eye")
    for route in ("torch.eye", "torch._C._VariableFunctions.eye", "torch.ops.aten.eye.default._op"):
        attempt.attempt_calls(route)
    print("lifted -> allowed")
try:
    attempt.attempt_calls("torch._C._VariableFunctions.eye")
    print("put back -> allowed")
except ForbiddenCall:
    print("put back -> refused")
"""


def test_every_route_to_a_forbidden_api_is_refused_to_the_attempt_only(tmp_path: Path) -> None:
    attempt = tmp_path / "attempt.py"
    attempt.write_text(textwrap.dedent(ATTEMPT))
    run = subprocess.run([sys.executable, "-c", DRIVER, str(attempt)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    said = dict(line.split(" -> ", 1) for line in run.stdout.splitlines())
    assert said == {
        "torch.eye": "forbidden call: torch.eye",
        "torch._C._VariableFunctions.eye": "forbidden call: torch._C._VariableFunctions.eye, an alias of torch.eye",
        "torch.ops.aten.eye": "forbidden call: torch.ops.aten.eye, an alias of torch.eye",
        "torch.ops.aten.eye.default": "forbidden call: torch.ops.aten.eye.default, an alias of torch.eye",
        "torch.ops.aten.eye.default._op": "forbidden call: torch.ops.aten.eye.default, an alias of torch.eye",
        "torch._C._jit_get_operation": "forbidden call: torch.ops.aten.eye, an alias of torch.eye",
        "torch._C._nn.gelu": "forbidden call: torch._C._nn.gelu, an alias of F.gelu",
        "torch.ops.aten.gelu.default": "forbidden call: torch.ops.aten.gelu.default, an alias of F.gelu",
        "torch._VF.rnn_tanh": "forbidden call: torch._VF.rnn_tanh, an alias of torch.rnn_tanh",
        "torch.functional.cdist": "forbidden call: torch.functional.cdist, an alias of torch.cdist",
        "grader": "allowed",
        "lifted": "allowed",
        "put back": "refused",
    }
