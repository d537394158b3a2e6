"""What a suite, a stub and an attempt declare, read from their source without running them."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

FAILS = re.compile(r"^# fails: (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class SuiteTest:
    """One test function of a suite; `name` is the check's name (without `test_`, as grades report it)."""

    name: str
    line: int
    markers: int  # how many @check(...) decorators it carries
    conditional: bool  # skipif / skip: it may not run on every machine (e.g. "needs CUDA")


def module(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _called_name(node: ast.expr) -> str:
    """`check` for `check(...)`, `checks.check(...)`, `pytest.mark.check(...)` and the bare decorator."""
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else ""


def _skips(decorators: list[ast.expr]) -> bool:
    return any(_called_name(d) in ("skip", "skipif") for d in decorators)


def suite_tests(tree: ast.Module) -> list[SuiteTest]:
    """The suite's test functions (module level and in Test* classes); a parametrized test counts once."""
    module_skips = any(
        isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets)
        and any(_called_name(n) in ("skip", "skipif") for n in ast.walk(node.value) if isinstance(n, ast.Call))
        for node in tree.body
    )
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            functions += [f for f in node.body if isinstance(f, ast.FunctionDef)]
    return [
        SuiteTest(
            name=f.name.removeprefix("test_"),
            line=f.lineno,
            markers=sum(_called_name(d) == "check" for d in f.decorator_list),
            conditional=module_skips or _skips(f.decorator_list),
        )
        for f in functions
        if f.name.startswith("test_")
    ]


def forbidden_apis(tree: ast.Module) -> list[str]:
    """The names passed to the suite's module-level `forbid(...)` calls, as written (`F.gelu`, `torch.eye`)."""
    return [
        arg.value
        for node in tree.body
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and _called_name(node.value) == "forbid"
        for arg in node.value.args
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
    ]


def fails_names(path: Path) -> list[str] | None:
    """The check names on a wrong attempt's `# fails: a, b` line; None without one."""
    found = FAILS.search(path.read_text(encoding="utf-8"))
    return [n.strip() for n in found.group(1).split(",") if n.strip()] if found else None
