"""Find-the-bug exercises: a question's realistic wrong implementations, handed out to be fixed.

Each comes from a wrong attempt (`tests/attempts/<stem>/wrong_*.py`, shipped in the wheel; the correct ones are
not): a full implementation with one bug. The learner's copy keeps the code and loses what names the bug (the
docstring, the `# fails:` and `# cause:` lines, every comment); its docstring is the question's spec under a
header saying that there is one bug. The hints come from the attempt: the checks it fails, then the function
the bug is in (the one whose code differs from every other version of it among the question's attempts and its
reference).
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from grader.catalog import Question
from grader.dev.parse import fails_names
from grader.paths import ATTEMPTS_DIR

HEADER = "This implementation has one bug: find it and fix it."
HOW = "Grade your fix with `prep grade`; `prep hint` points the way."
HINT_LEVELS = 2  # the failing checks, then the function


@dataclass(frozen=True)
class Bug:
    """One wrong attempt of a question, the source of a find-the-bug exercise."""

    question: Question
    source: Path

    @property
    def name(self) -> str:
        return self.source.name

    @cached_property
    def text(self) -> str:
        return self.source.read_text(encoding="utf-8")

    @property
    def fails(self) -> list[str]:
        """The checks its `# fails:` line names."""
        return fails_names(self.source) or []

    @property
    def description(self) -> str:
        """What the bug is (its docstring, `Wrong: ...`): shown once the exercise is solved."""
        doc = ast.get_docstring(ast.parse(self.text)) or ""
        return doc.removeprefix("Wrong:").strip()

    def exercise(self) -> str:
        """The learner's copy: the question's spec under the header, then the code without a word on the bug."""
        return f"{_header(self.question)}\n\n{_code_only(self.text)}"

    def functions(self) -> list[str]:
        """Where the bug is: the functions (`Class.method` for methods) whose code no other version has."""
        mine = _functions(self.text)
        versions: Counter[tuple[str, str]] = Counter()
        reference = _functions(self.question.solution_path.read_text(encoding="utf-8"))
        for source in [*(b.text for b in bugs(self.question)), None]:
            versions.update((reference if source is None else _functions(source)).items())
        unique = [name for name, code in mine.items() if versions[name, code] == 1]
        differs = [name for name, code in mine.items() if reference.get(name) != code]
        return unique or differs or list(mine)


def bugs(question: Question) -> list[Bug]:
    """The question's find-the-bug exercises in order (none until its files have landed)."""
    if not question.available:
        return []
    return [Bug(question, path) for path in sorted((ATTEMPTS_DIR / question.stem).glob("wrong_*.py"))]


def hint(bug: Bug, level: int) -> str:
    """Level 1 names the failing checks, level 2 the function the bug is in."""
    if level == 1:
        if not bug.fails:
            return "Grade it (`prep grade`): the first failing check shows where it goes wrong."
        checks = _and([f"`{name}`" for name in bug.fails])
        if len(bug.fails) == 1:
            return f"The bug shows in the check {checks}: grade it (`prep grade`) and read its message."
        return f"The bug shows in the checks {checks}: grade it (`prep grade`) and read their messages."
    names = [f"`{name}`" for name in bug.functions()]
    if len(names) == 1:
        return f"The bug is in {names[0]}."
    return f"The bug is in {', '.join(names[:-1])} or {names[-1]} (perhaps in more than one of them)."


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _header(question: Question) -> str:
    """The stub's docstring, as written in its source, with the header after its title line."""
    source = question.exercise_path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    node = tree.body[0] if tree.body and _is_docstring(tree.body[0]) else None
    literal = ast.get_source_segment(source, node) if node is not None else None
    if not literal or "\n" not in literal:
        return f'"""Question {question.number} - {question.title}: find the bug.\n\n{HEADER}\n{HOW}\n"""'
    title, rest = literal.split("\n", 1)
    return f"{title.rstrip('.')}: find the bug.\n\n{HEADER}\n{HOW}\n{rest}"


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _code_only(source: str) -> str:
    """`source` without its module docstring and without any comment, at most two blank lines in a row."""
    tree = ast.parse(source)
    lines = source.splitlines()
    dropped: set[int] = set()
    if tree.body and _is_docstring(tree.body[0]):
        dropped.update(range(tree.body[0].lineno - 1, tree.body[0].end_lineno))
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, col = token.start
            kept = lines[row - 1][:col].rstrip()
            if kept:
                lines[row - 1] = kept
            else:
                dropped.add(row - 1)
    code = [line.rstrip() for i, line in enumerate(lines) if i not in dropped]
    out: list[str] = []
    for line in code:
        if not line and (not out or out[-2:] == ["", ""]):
            continue
        out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def _functions(source: str) -> dict[str, str]:
    """Each function and method (qualified by its classes) -> its code, docstring and comments left out."""
    found: dict[str, str] = {}

    def visit(nodes: list[ast.stmt], prefix: str) -> None:
        for node in nodes:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                body = node.body[1:] if node.body and _is_docstring(node.body[0]) else node.body
                found[prefix + node.name] = ast.dump(node.args) + "".join(ast.dump(stmt) for stmt in body)
            elif isinstance(node, ast.ClassDef):
                visit(node.body, f"{prefix}{node.name}.")

    visit(ast.parse(source).body, "")
    return found
