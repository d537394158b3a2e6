"""`python -m grader.dev new N` (scaffold a question) and `python -m grader.dev check [N ...]` (lint)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader.catalog import UnknownQuestion, load_catalog
from grader.dev import CLONE, Trees
from grader.dev.coverage import never_failed
from grader.dev.lint import lint_catalog, lint_question
from grader.dev.scaffold import contract, new


def _new(args: argparse.Namespace, trees: Trees) -> int:
    q = load_catalog().get(args.question)
    try:
        created = new(q, trees)
    except FileExistsError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"question {q.number} ({q.stem}): created")
    for path in created:
        print(f"  {trees.shown(path)}")
    if text := contract(q):
        print(f"\nits learner API and checks (CONTRACTS.md):\n{text}")
    print(f"\nnext: replace every TODO (`python -m grader.dev check {q.number}` lists them), then CONTRIBUTING.md")
    return 0


def _check(args: argparse.Namespace, trees: Trees) -> int:
    catalog = load_catalog()
    questions = [catalog.get(n) for n in args.questions] or [q for q in catalog.questions if trees.landed(q)]
    problems = lint_catalog(catalog)
    for q in questions:
        problems += lint_question(q, trees)
        if trees.suite(q).is_file():
            problems += [
                f"{trees.shown(trees.suite(q))}: no wrong attempt fails {name}" for name in never_failed(q, trees)
            ]
    print("\n".join(problems) if problems else f"{len(questions)} question(s): no problems")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.dev", description=__doc__)
    parser.add_argument("--root", type=Path, default=None, help="a tree other than this clone (default: the clone)")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("new", help="create a question's stub, reference, suite and attempt templates")
    make.add_argument("question", help="number or slug, e.g. 29 or focal_loss")
    lint = commands.add_parser("check", help="the house conventions and check coverage of landed questions")
    lint.add_argument("questions", nargs="*", help="numbers or slugs (default: every landed question)")
    args = parser.parse_args(argv)
    trees = Trees(args.root.resolve()) if args.root else CLONE
    try:
        return _new(args, trees) if args.command == "new" else _check(args, trees)
    except UnknownQuestion as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
