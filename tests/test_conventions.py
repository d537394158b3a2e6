"""House conventions (CONTRIBUTING.md) of every landed question, read from the source, and a lint that
catches each broken convention. `python -m grader.dev check` prints the same problems."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from grader.catalog import Catalog, load_catalog
from grader.dev import CLONE, Trees
from grader.dev.lint import lint_catalog, lint_question, names

CATALOG = load_catalog()
LANDED = [q for q in CATALOG.questions if CLONE.landed(q)]


@pytest.mark.parametrize("question", LANDED, ids=lambda q: q.stem)
def test_question_follows_the_house_conventions(question) -> None:
    problems = lint_question(question)
    assert not problems, "\n".join(problems)


def test_catalog_hints_are_non_empty_strings() -> None:
    problems = lint_catalog(CATALOG)
    assert not problems, "\n".join(problems)


# --- the lint itself: each broken convention is reported, naming the file ------------------------------

QUESTION = CATALOG.get(4)
EXAMPLE = {
    "stub": f'''"""Question 4 - {QUESTION.title}.

Build the (n, n) identity matrix.

What the grader checks:
- values and shapes for n = 1 and 4;
- forbidden: `torch.diag_embed`, `Tensor.fill_diagonal_` and `torch.nn.functional.one_hot`.
"""

import torch


def identity(n: int) -> torch.Tensor:
    """The (n, n) identity matrix."""
    # TODO
    raise NotImplementedError
''',
    "reference": f'''"""Question 4 - {QUESTION.title} (reference)."""

import torch


def identity(n: int) -> torch.Tensor:
    return torch.arange(n)[:, None] == torch.arange(n)
''',
    "suite": '''"""Grader for question 4."""

import pytest

from grader.checks import EXACT, assert_close, assert_shape, check, forbid

forbid("torch.diag_embed", "torch.Tensor.fill_diagonal_", "F.one_hot")


@check("numerics")
def test_identity_values(attempt, reference):
    assert_close(attempt.identity(4), reference.identity(4), EXACT)


@check("shape")
@pytest.mark.parametrize("n", [1, 4])
def test_identity_shape(attempt, n):
    assert_shape(attempt.identity(n), (n, n))
''',
    "wrong": '''"""Wrong: ones everywhere."""
# fails: identity_values

import torch


def identity(n: int) -> torch.Tensor:
    return torch.ones(n, n)
''',
    "correct": '''"""Correct, written differently: a loop."""

import torch


def identity(n: int) -> torch.Tensor:
    out = torch.zeros(n, n)
    for i in range(n):
        out[i, i] = 1
    return out
''',
}
BROKEN = {  # what to change in which file, and what the lint then says about that file
    "stub title": ("stub", "Question 4 - ", "Question 5 - ", f'should start with "Question 4 - {QUESTION.title}."'),
    "checks list": ("stub", "What the grader checks:", "Checks:", 'no "What the grader checks:" list'),
    "forbidden API": ("stub", "`torch.diag_embed`, ", "", "should name torch.diag_embed: the suite forbids it"),
    "method form": (
        "stub",
        "`Tensor.fill_diagonal_`",
        "it",
        "name Tensor.fill_diagonal_ or torch.Tensor.fill_diagonal_",
    ),
    "short form": ("stub", "`torch.nn.functional.one_hot`", "one-hot", "name F.one_hot or torch.nn.functional.one_hot"),
    "todo": ("stub", "    # TODO\n", "", "no `# TODO`"),
    "not implemented": ("stub", "raise NotImplementedError", "return x", "identity should `raise NotImplementedError`"),
    "docstring todo": ("stub", "Build the", "TODO: build the", "still says TODO"),
    "reference title": ("reference", " (reference).", ".", '(reference).", not'),
    "two markers": (
        "suite",
        '@check("shape")\n',
        '@check("shape")\n@check("dtype")\n',
        "test_identity_shape has 2 @check",
    ),
    "no marker": ("suite", '@check("numerics")\n', "", "test_identity_values has no @check(kind, points) marker"),
    "unknown check": (
        "wrong",
        "# fails: identity_values",
        "# fails: identity_value",
        "identity_value, which is not a check",
    ),
    "no fails line": ("wrong", "# fails: identity_values\n", "", "no `# fails: check_a, check_b` line"),
    "wrong docstring": ("wrong", "Wrong: ones", "Ones", 'should start with "Wrong: <the bug>"'),
    "correct docstring": ("correct", "Correct, written", "Written", 'should start with "Correct, written differently'),
    "correct fails": (
        "correct",
        'a loop."""\n',
        'a loop."""\n# fails: identity_values\n',
        "remove its `# fails:` line",
    ),
}


def example(root: Path) -> tuple[Trees, dict[str, Path]]:
    trees = Trees(root)
    attempts = trees.attempt_dir(QUESTION)
    paths = {
        "stub": trees.stub(QUESTION),
        "reference": trees.reference(QUESTION),
        "suite": trees.suite(QUESTION),
        "wrong": attempts / "wrong_all_ones.py",
        "correct": attempts / "correct_loop.py",
    }
    for kind, path in paths.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(EXAMPLE[kind])
    return trees, paths


def test_the_example_question_is_clean(tmp_path: Path) -> None:
    trees, _ = example(tmp_path)
    assert lint_question(QUESTION, trees) == []


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_convention_is_reported_with_its_file(tmp_path: Path, case: str) -> None:
    kind, old, new, expected = BROKEN[case]
    trees, paths = example(tmp_path)
    assert old in EXAMPLE[kind]
    paths[kind].write_text(EXAMPLE[kind].replace(old, new, 1))
    problems = lint_question(QUESTION, trees)
    assert [p for p in problems if p.startswith(trees.shown(paths[kind])) and expected in p], "\n".join(problems)


def test_an_empty_hint_is_reported() -> None:
    broken = dataclasses.replace(CATALOG.get(29), hints=("Use BCE with logits.", " "))
    problems = lint_catalog(Catalog(CATALOG.sections, (broken,)))
    assert problems == ["grader/catalog.toml: question 29 (focal_loss): hint 2 is empty"]


@pytest.mark.parametrize(
    ("text", "api", "named"),
    [
        ("forbidden: `torch.nn.functional.gelu`", "F.gelu", True),
        ("forbidden: `F.gelu`", "torch.nn.functional.gelu", True),
        ("forbidden: `nn.GELU`", "nn.GELU", True),
        ("forbidden: `torch.nn.GELU`", "nn.GELU", True),
        ("`torch.dist` (and `Tensor.dist`)", "torch.Tensor.dist", True),
        ("forbidden: `torch.eye`", "torch.eye", True),
        ("see `torch.distributions`", "torch.dist", False),
        ("forbidden: `torch.Tensor.fill_diagonal_`", "torch.fill_diagonal_", False),
        ("forbidden: `F.gelu`", "F.silu", False),
    ],
)
def test_a_forbidden_api_may_be_named_in_short_or_long_form(text: str, api: str, named: bool) -> None:
    assert names(text, api) is named
