"""Check coverage: every check of a landed question is failed by at least one wrong attempt.

The `# fails:` lines count (tests/test_questions.py verifies each against a real grade), so this needs no
grading. A check that no plausible wrong attempt can fail is listed in UNFAILABLE with the reason, until its
suite is reworked; a listed check that an attempt now fails, or that no longer exists, must leave the list.
"""

from __future__ import annotations

from grader.catalog import Question
from grader.dev import CLONE, Trees
from grader.dev.parse import fails_names, module, suite_tests

UNFAILABLE: dict[str, dict[str, str]] = {
    "001_tensor_to_numpy": {
        "to_numpy_handles_non_contiguous_tensors": (
            "Tensor.numpy() keeps any strides, so every route that keeps dtype and values (numpy(), "
            "numpy(force=True), np.asarray, .contiguous() first) also passes on t.T and t[:, ::3]; only a "
            "hand-built buffer view such as np.frombuffer(storage) fails. It could check that the array shares "
            "memory with the non-contiguous tensor too (a .contiguous() or np.array copy would then fail)."
        ),
    },
}


def failed_by(q: Question, trees: Trees = CLONE) -> dict[str, list[str]]:
    """Each check of the suite -> the wrong attempts whose `# fails:` line names it."""
    named: dict[str, list[str]] = {t.name: [] for t in suite_tests(module(trees.suite(q)))}
    for path in sorted(trees.attempt_dir(q).glob("wrong_*.py")):
        for name in fails_names(path) or []:
            if name in named:  # an unknown name is the lint's business
                named[name].append(path.name)
    return named


def never_failed(q: Question, trees: Trees = CLONE) -> list[str]:
    """Checks of the suite that no wrong attempt names and that UNFAILABLE does not excuse."""
    excused = UNFAILABLE.get(q.stem, {})
    return sorted(name for name, attempts in failed_by(q, trees).items() if not attempts and name not in excused)
