"""`python -m grader.dev new 29`: a question's stub, reference, suite and attempt templates, from its catalog
entry, in the house style of question 1. Every placeholder says TODO, so `python -m grader.dev check 29`
lists what is left to write; nothing that exists is overwritten."""

from __future__ import annotations

import keyword
from pathlib import Path

from grader.catalog import Question
from grader.dev import CLONE, REPO, Trees

CONTRACTS = REPO.parent / "shared" / "CONTRACTS.md"

STUB = '''"""Question {number} - {title}.

TODO: the task in two sentences, as an interviewer would put it (the learner API is in CONTRACTS.md).

    >>> TODO: a five-line example
    >>> {fn}(torch.randn(2, 3)).shape
    torch.Size([2, 3])

What the grader checks:
- TODO: every edge case the suite checks, one line each;
- forbidden: TODO every API the suite forbid()s (or drop this line).
"""

import torch


def {fn}(x: torch.Tensor) -> torch.Tensor:
    """TODO: what it returns, with shapes: (B, T, D) -> (B, T, D)."""
    # TODO
    raise NotImplementedError
'''

REFERENCE = '''"""Question {number} - {title} (reference)."""

import torch


def {fn}(x: torch.Tensor) -> torch.Tensor:
    # TODO: the answer you would want on a whiteboard, with shape comments such as # (B, T, D)
    raise NotImplementedError
'''

SUITE = '''"""Grader for question {number}: {title}."""

from grader.checks import REDUCTION, assert_close, assert_grads_match, call_pure, check, randn

# TODO: one check per promise of the stub: distinct sizes for every dimension, batch size 1, an odd size.
SHAPES = [(1, 5), (7, 3)]


@check("numerics", points=2)
def test_matches_reference(attempt, reference):
    for i, shape in enumerate(SHAPES):
        x = randn(*shape, seed=10 + i)
        what = f"{fn}(x of shape {{shape}})"
        out = call_pure(attempt.{fn}, x, what=what)  # also fails if the attempt modifies x
        assert_close(out, reference.{fn}(x), REDUCTION, what)


@check("gradient", points=2)
def test_gradients_match_reference(attempt, reference):
    assert_grads_match(
        attempt.{fn},
        reference.{fn},
        {{"x": randn(7, 3, seed=20)}},
        what="{fn}(x of shape (7, 3))",
    )
'''

WRONG = '''"""Wrong: TODO the one bug, as a candidate would write it (then rename this file wrong_<the_bug>.py)."""
# fails: matches_reference, gradients_match_reference

import torch


def {fn}(x: torch.Tensor) -> torch.Tensor:
    # TODO: the reference with one plausible bug
    raise NotImplementedError
'''

CORRECT = '''"""Correct, written differently: TODO how (then rename this file correct_<how>.py)."""

import torch


def {fn}(x: torch.Tensor) -> torch.Tensor:
    # TODO: a correct implementation with other APIs or another approach than the reference
    raise NotImplementedError
'''


def planned(q: Question, trees: Trees) -> dict[Path, str]:
    """The five files `new` writes, with their text."""
    fields = {"number": q.number, "title": q.title, "fn": f"{q.slug}_" if keyword.iskeyword(q.slug) else q.slug}
    attempts = trees.attempt_dir(q)
    templates = {
        trees.stub(q): STUB,
        trees.reference(q): REFERENCE,
        trees.suite(q): SUITE,
        attempts / "wrong_todo.py": WRONG,
        attempts / "correct_todo.py": CORRECT,
    }
    return {path: text.format(**fields) for path, text in templates.items()}


def new(q: Question, trees: Trees = CLONE) -> list[Path]:
    """Write the question's files; raises FileExistsError, having written nothing, if any of them exists."""
    files = planned(q, trees)
    if existing := [trees.shown(p) for p in files if p.exists()]:
        raise FileExistsError(f"question {q.number} already has {', '.join(existing)}: nothing was written")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)


def contract(q: Question, path: Path = CONTRACTS) -> str | None:
    """The question's paragraph of CONTRACTS.md (its learner API and checks), when the file is there."""
    if not path.is_file():
        return None
    paragraphs = path.read_text(encoding="utf-8").split("\n\n")
    return next((p.strip() for p in paragraphs if p.lstrip().startswith(f"**{q.number}. {q.slug}**")), None)
