"""The house conventions of CONTRIBUTING.md, checked from the source of a question's files (nothing runs)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from grader.catalog import Catalog, Question
from grader.dev import CLONE, Trees
from grader.dev.parse import fails_names, forbidden_apis, module, suite_tests

CHECKS_SECTION = "What the grader checks:"
ALIASES = (("F.", "torch.nn.functional."), ("nn.", "torch.nn."))
STUBBED_METHODS = ("__init__", "forward")  # a module stub raises in both


def spellings(api: str) -> set[str]:
    """How a stub may name a forbidden API: as the suite wrote it, with F./nn. spelled out or shortened,
    and `Tensor.x` for `torch.Tensor.x`."""
    forms = {api}
    for short, long in ALIASES:
        if api.startswith(short):
            forms.add(long + api[len(short) :])
        elif api.startswith(long):
            forms.add(short + api[len(long) :])
    return forms | {f.removeprefix("torch.") for f in forms if f.startswith("torch.Tensor.")}


def names(text: str, api: str) -> bool:
    return any(re.search(rf"(?<![\w.]){re.escape(form)}(?!\w)", text) for form in spellings(api))


def _parsed(path: Path, trees: Trees, problems: list[str]) -> ast.Module | None:
    if not path.is_file():
        problems.append(f"{trees.shown(path)}: missing")
        return None
    try:
        return module(path)
    except SyntaxError as e:
        problems.append(f"{trees.shown(path)}:{e.lineno}: cannot be parsed: {e.msg}")
        return None


def _first_line(doc: str | None) -> str:
    return doc.splitlines()[0] if doc else "(no module docstring)"


def _todo(path: Path, trees: Trees) -> list[str]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if "TODO" in line:
            return [f"{trees.shown(path)}:{number}: unfinished: {line.strip()}"]
    return []


def _raises_not_implemented(fn: ast.FunctionDef) -> bool:
    for node in ast.walk(fn):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(exc, ast.Name) and exc.id == "NotImplementedError":
                return True
    return False


def _stubbed(tree: ast.Module, lines: list[str]) -> list[tuple[str, ast.FunctionDef]]:
    """The public functions, and each class's __init__ and forward: what a stub leaves to the learner. Code the
    exercise gives (a model to fine-tune) follows a comment line starting with `# Given`, and is left out."""

    def given(node: ast.AST) -> bool:
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        return first >= 2 and lines[first - 2].lstrip().lower().startswith("# given")

    body = [n for n in tree.body if not given(n)]
    found = [(n.name, n) for n in body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]
    for cls in (n for n in body if isinstance(n, ast.ClassDef)):
        found += [
            (f"{cls.name}.{f.name}", f)
            for f in cls.body
            if isinstance(f, ast.FunctionDef) and f.name in STUBBED_METHODS
        ]
    return found


def lint_stub(q: Question, trees: Trees, forbidden: list[str]) -> list[str]:
    problems: list[str] = []
    path = trees.stub(q)
    if (tree := _parsed(path, trees, problems)) is None:
        return problems
    where, doc = trees.shown(path), ast.get_docstring(tree) or ""
    title = f"Question {q.number} - {q.title}."
    if not doc.startswith(title):
        problems.append(f'{where}: the module docstring should start with "{title}", not "{_first_line(doc)}"')
    if CHECKS_SECTION not in doc:
        problems.append(f'{where}: the module docstring has no "{CHECKS_SECTION}" list')
    if "TODO" in doc:
        problems.append(f"{where}: unfinished: the module docstring still says TODO")
    for api in forbidden:
        if not names(doc, api):
            shown = " or ".join(sorted(spellings(api)))
            problems.append(f"{where}: the module docstring should name {shown}: the suite forbids it")
    if "# TODO" not in path.read_text(encoding="utf-8"):
        problems.append(f"{where}: no `# TODO` where the learner's code goes")
    for name, fn in _stubbed(tree, path.read_text(encoding="utf-8").splitlines()):
        if not _raises_not_implemented(fn):
            problems.append(f"{where}:{fn.lineno}: {name} should `raise NotImplementedError` (a stub scores 0.0)")
    return problems


def lint_reference(q: Question, trees: Trees) -> list[str]:
    problems: list[str] = []
    path = trees.reference(q)
    if (tree := _parsed(path, trees, problems)) is None:
        return problems
    doc = ast.get_docstring(tree) or ""
    title = f"Question {q.number} - {q.title} (reference)."
    if not doc.startswith(title):
        problems.append(
            f'{trees.shown(path)}: the module docstring should start with "{title}", not "{_first_line(doc)}"'
        )
    return problems + _todo(path, trees)


def lint_suite(q: Question, trees: Trees, tree: ast.Module) -> list[str]:
    problems: list[str] = []
    path = trees.suite(q)
    where = trees.shown(path)
    tests = suite_tests(tree)
    if not tests:
        problems.append(f"{where}: no test functions: every check is a `test_*` function with one @check(...)")
    for t in tests:
        if t.markers == 0:
            problems.append(f"{where}:{t.line}: test_{t.name} has no @check(kind, points) marker")
        elif t.markers > 1:
            problems.append(f"{where}:{t.line}: test_{t.name} has {t.markers} @check(...) markers: exactly one")
    return problems + _todo(path, trees)


def lint_attempts(q: Question, trees: Trees, checks: set[str]) -> list[str]:
    problems: list[str] = []
    for path in sorted(trees.attempt_dir(q).glob("*.py")):
        where = trees.shown(path)
        if (tree := _parsed(path, trees, problems)) is None:
            continue
        doc = ast.get_docstring(tree) or ""
        named = fails_names(path)
        if path.name.startswith("wrong_"):
            if not doc.startswith("Wrong: "):
                problems.append(
                    f'{where}: the docstring should start with "Wrong: <the bug>", not "{_first_line(doc)}"'
                )
            if named is None:
                problems.append(f"{where}: no `# fails: check_a, check_b` line naming the checks it fails")
            for name in named or []:
                if name not in checks:
                    problems.append(
                        f"{where}: `# fails:` names {name}, which is not a check of {trees.shown(trees.suite(q))}"
                    )
        elif path.name.startswith("correct_"):
            if not doc.startswith("Correct"):
                problems.append(f'{where}: the docstring should start with "Correct, written differently: <how>"')
            if named is not None:
                problems.append(f"{where}: a correct attempt fails nothing: remove its `# fails:` line")
        else:
            problems.append(f"{where}: an attempt is named wrong_<the_bug>.py or correct_<how>.py")
        problems += _todo(path, trees)
    return problems


def lint_question(q: Question, trees: Trees = CLONE) -> list[str]:
    """Every convention problem in the question's stub, reference, suite and attempts (empty: all good)."""
    problems: list[str] = []
    suite = _parsed(trees.suite(q), trees, problems)
    forbidden, checks = [], set()
    if suite is not None:
        problems += lint_suite(q, trees, suite)
        forbidden, checks = forbidden_apis(suite), {t.name for t in suite_tests(suite)}
    return lint_stub(q, trees, forbidden) + lint_reference(q, trees) + problems + lint_attempts(q, trees, checks)


def lint_catalog(catalog: Catalog) -> list[str]:
    problems = []
    for q in catalog.questions:
        if not q.hints:
            problems.append(f"grader/catalog.toml: question {q.number} ({q.slug}) has no hints")
        for i, hint in enumerate(q.hints, 1):
            if not isinstance(hint, str) or not hint.strip():
                problems.append(f"grader/catalog.toml: question {q.number} ({q.slug}): hint {i} is empty")
    return problems
