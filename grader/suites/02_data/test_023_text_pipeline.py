"""Grader for question 23: tokenize splits lower-cased text on non-alphanumerics; Vocab puts the specials first,
then tokens by descending count with alphabetical ties, maps unknown tokens to <unk>, and encodes/decodes."""

import operator
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable

import torch

from grader.checks import (
    EXACT,
    assert_close,
    assert_dtype,
    assert_shape,
    assert_tensor,
    assert_type,
    call,
    check,
    describe,
    expect,
    likely_cause,
)
from grader.checks.forbidden import forbid_import

forbid_import("torchtext")

TOKENIZE_CASES = [
    "Hello, World!",
    "don't stop-believing",
    "snake_case and kebab-case",
    "Café NAÏVE über 2024",
    "  tabs\tand\nnewlines   ",
    "abc123def x2 42",
    "",
    "!!! ... ???",
    "ÉCOLE\u2014été\u2026fin",  # an em dash and an ellipsis between words
    "e-mail: ME@EXAMPLE.com",
    "STRASSE or Straße? Größe",  # str.casefold() turns "ß" into "ss", str.lower() keeps it
    "½ cup, Ⅻ o'clock, 三个 x²",  # numerals that are alphanumeric but neither isalpha() nor isdigit()
]
# Distinct counts: the 6, cat 4, dog 3, ran 2, saw 1 once lower-cased; counted once per text instead,
# "the" and "cat" would tie at 3 and "dog" and "ran" at 2.
COUNTED = ["The cat saw THE dog; the dog ran.", "Cat? The cat! the ran", "dog-cat the"]
# Ties at 3 (cherry, banana) and at 2 (seven tokens), first seen in non-alphabetical order; no token repeats
# within a text and none occurs once, so counting per text or dropping count == 1 changes nothing here.
TIES = [
    "Zebra cherry mango apple kiwi",
    "kiwi, zebra; apple... mango! banana",
    "date fig cherry",
    "fig date the banana",
    "the cherry banana",
]
# Distinct counts (red 5, green 4, blue 3, yellow 2), no token twice in a text: no ties, and counting per
# text gives the same order.
PLAIN = ["red green blue yellow", "green red blue", "blue red green", "red yellow green", "red"]
PLAIN_TEXTS = ["Red, green and YELLOW; blue-red", "purple", "", "red!!! red? blue.", "the end of green"]
WORDS = ["apple", "banana", "cherry", "date", "elder", "fig", "grape", "kiwi", "lemon", "mango", "café", "naïve",
         "über", "2024", "x9"]  # fmt: skip
SEPARATORS = [" ", ", ", "-", "'", "_", "\n", "; ", "... ", "!", "\t"]
SPECIALS = [("<unk>",), ("<pad>", "<bos>", "<eos>", "<unk>"), ("<unk>", "<pad>")]


def make_corpus(seed: int, ties: bool = False, lines: int = 6) -> list[str]:
    """Random separators and case. Without `ties`: the counts 1-15 (no two equal), tokens anywhere. With `ties`:
    counts 2-4 (many ties), each token at most once in a line."""
    rng = random.Random(seed)
    chunks: list[list[str]] = [[] for _ in range(lines)]
    for word in WORDS:
        count = rng.choice([2, 2, 3, 3, 4]) if ties else 0
        for line in rng.sample(range(lines), count):
            chunks[line].append(word)
    if not ties:
        for word, count in zip(WORDS, rng.sample(range(1, 16), len(WORDS)), strict=True):
            for _ in range(count):
                chunks[rng.randrange(lines)].append(word)
    for chunk in chunks:
        rng.shuffle(chunk)
    cased = [[rng.choice([str.lower, str.upper, str.title])(w) for w in chunk] for chunk in chunks]
    return ["".join(w + rng.choice(SEPARATORS) for w in chunk) for chunk in cased]


def shown_texts(texts: list[str]) -> str:
    shown = repr(texts)
    return shown if len(shown) <= 120 else f"{len(texts)} texts {repr(texts[:2])[:-1]}, ...]"


def build_call(texts: list[str], kwargs: dict[str, object], lazy: bool = False) -> str:
    args = "".join(f", {k}={v!r}" for k, v in kwargs.items())
    return f"Vocab.build({'a generator over ' if lazy else ''}{shown_texts(texts)}{args})"


def build(attempt, texts: list[str], lazy: bool = False, **kwargs: object) -> tuple[object, str]:
    """The attempt's vocabulary of `texts` (a list, or a generator over it with `lazy`), and the call's name."""
    what = build_call(texts, kwargs, lazy)
    source: Iterable[str] = (t for t in texts) if lazy else texts
    before = list(texts)
    vocab = call(attempt.Vocab.build, source, what=what, **kwargs)
    expect(texts == before, f"{what}: the caller's list of texts was modified (inputs must not be modified)")
    return vocab, what


def expected_order(reference, texts: list[str], **kwargs: object) -> list[str]:
    vocab = reference.Vocab.build(texts, **kwargs)
    return vocab.decode(list(range(len(vocab))))


def wrong_order(reference, texts: list[str], min_freq: int = 1, specials=("<pad>", "<unk>"), *, by: str) -> list[str]:
    """The vocabulary a common mistake builds."""
    lines = [reference.tokenize(t) for t in texts]
    counts = Counter(t for line in lines for t in (set(line) if by == "per_text" else line))
    if by == "first_seen":  # Counter.most_common keeps the order of first occurrence among ties
        ranked = [t for t, _ in counts.most_common()]
    else:
        ranked = sorted(counts, key=lambda t: (-counts[t], t))
    keep = (lambda n: n > min_freq) if by == "strict_min_freq" else (lambda n: n >= min_freq)
    tokens = [t for t in ranked if keep(counts[t]) and t not in specials]
    return [*tokens, *specials] if by == "specials_last" else [*specials, *tokens]


def order_causes(reference, texts: list[str], **kwargs: object) -> dict[str, Callable[[], list[str]]]:
    said = {
        "first_seen": "ties are left in order of first occurrence (Counter.most_common): break them alphabetically",
        "per_text": "each text counted a token once: count every occurrence",
        "strict_min_freq": "tokens seen exactly min_freq times were dropped: keep count >= min_freq",
        "specials_last": "the specials went after the tokens: put them first",
    }
    return {cause: lambda by=by: wrong_order(reference, texts, **kwargs, by=by) for by, cause in said.items()}


def index_of(vocab: object, token: str, what: str, strict: bool = False) -> int:
    """`vocab[token]`: a Python int with `strict`, else anything usable as an index (a 0-d tensor, say)."""
    index = call(lambda: vocab[token], what=f"{what}[{token!r}]")
    if strict or not hasattr(index, "__index__"):
        expect(
            isinstance(index, int) and not isinstance(index, bool),
            f"{what}[{token!r}]: expected a Python int, got {describe(index)}",
        )
    return operator.index(index)


def short(tokens: list[str]) -> str:
    return repr(tokens) if len(tokens) <= 12 else repr(tokens[:12])[:-1] + ", ...]"


def expect_order(vocab: object, expected: list[str], what: str, causes: dict[str, Callable[[], list[str]]]) -> None:
    """The attempt's vocabulary is exactly `expected`, read through len() and [] only."""
    size = call(len, vocab, what=f"len({what})")
    got = {t: index_of(vocab, t, what) for t in expected}
    unk = got["<unk>"]
    present = [t for t in expected if t == "<unk>" or got[t] != unk]
    order = sorted(present, key=got.__getitem__) if sorted(got[t] for t in present) == list(range(size)) else None
    cause = likely_cause(order, causes, EXACT) if order is not None else None
    hint = f"; likely cause: {cause}" if cause else ""
    shown = f"; expected order {short(expected)}, got {short(order)}" if order is not None else ""
    expect(size == len(expected), f"len({what}): expected {len(expected)}, got {size}{shown}{hint}")
    for i, token in enumerate(expected):
        expect(got[token] == i, f"{what}[{token!r}]: expected index {i}, got {got[token]}{shown}{hint}")


def check_vocab(attempt, reference, texts: list[str], lazy: bool = False, **kwargs: object) -> None:
    vocab, what = build(attempt, texts, lazy, **kwargs)
    expect_order(vocab, expected_order(reference, texts, **kwargs), what, order_causes(reference, texts, **kwargs))


def tokenize_causes(text: str) -> dict[str, Callable[[], list[str]]]:
    return {
        "`\\w+` keeps the underscore, which str.isalnum() rejects": lambda: re.findall(r"\w+", text.lower()),
        "splitting on whitespace only leaves punctuation attached: split on every non-alphanumeric character": (
            lambda: text.lower().split()
        ),
        "`[a-z0-9]` drops accented letters, which str.isalnum() accepts": lambda: re.findall(
            r"[a-z0-9]+", text.lower()
        ),
        "the text is not lower-cased": lambda: re.findall(r"[^\W_]+", text),
        "str.casefold() is not str.lower(): it turns 'ß' into 'ss'": lambda: re.findall(r"[^\W_]+", text.casefold()),
        "isalpha() or isdigit() is not isalnum(): numerals such as '½' and 'Ⅻ' are alphanumeric too": lambda: "".join(
            c if c.isalpha() or c.isdigit() else " " for c in text.lower()
        ).split(),
    }


@check("behaviour", points=2)
def test_tokenize_lowercases_and_splits_on_non_alphanumerics(attempt, reference):
    for text in TOKENIZE_CASES:
        what = f"tokenize({text!r})"
        out = call(attempt.tokenize, text, what=what)
        assert_type(out, list, what)
        for i, token in enumerate(out):
            assert_type(token, str, f"{what}[{i}]")
        expected = reference.tokenize(text)
        cause = likely_cause(out, tokenize_causes(text), EXACT) if out != expected else None
        expect(
            out == expected, f"{what}: expected {expected}, got {out}" + (f"; likely cause: {cause}" if cause else "")
        )


@check("behaviour")
def test_specials_come_first_in_the_order_given(attempt, reference):
    for specials in [None, *SPECIALS]:
        kwargs = {} if specials is None else {"specials": specials}
        check_vocab(attempt, reference, PLAIN, **kwargs)


@check("behaviour")
def test_a_special_in_the_texts_is_not_added_twice(attempt, reference):
    for specials in [("<unk>", "green", "<pad>"), ("<pad>", "<unk>", "red", "purple")]:
        check_vocab(attempt, reference, PLAIN, specials=specials)


@check("behaviour", points=2)
def test_tokens_ordered_by_descending_total_count(attempt, reference):
    check_vocab(attempt, reference, COUNTED)
    check_vocab(attempt, reference, COUNTED, lazy=True)
    for seed in range(3):
        check_vocab(attempt, reference, make_corpus(seed))
    specials = ("<pad>", "<bos>", "<eos>", "<unk>")
    check_vocab(attempt, reference, make_corpus(3), lazy=True, specials=specials)


@check("behaviour", points=2)
def test_ties_broken_alphabetically(attempt, reference):
    for texts in [
        TIES,
        ["b a c", "c a b", "w z y x", "x y z w"],
        make_corpus(20, ties=True),
        make_corpus(21, ties=True),
    ]:
        check_vocab(attempt, reference, texts)


@check("behaviour", points=2)
def test_min_freq_drops_rare_tokens(attempt, reference):
    for texts in [COUNTED, make_corpus(10), make_corpus(11)]:
        for min_freq in (2, 3, 5):
            check_vocab(attempt, reference, texts, min_freq=min_freq)
            vocab, what = build(attempt, texts, min_freq=min_freq)
            counts = Counter(t for text in texts for t in reference.tokenize(text))
            unk = index_of(vocab, "<unk>", what)
            for token in sorted(t for t, n in counts.items() if n < min_freq):
                index = index_of(vocab, token, what)
                expect(
                    index == unk,
                    f"{what}[{token!r}]: {token!r} occurs {counts[token]} times (< min_freq={min_freq}), so it is "
                    f"unknown and should give the <unk> index {unk}, got {index}",
                )


@check("behaviour", points=2)
def test_unknown_tokens_give_the_unk_index(attempt, reference):
    for specials in [None, *SPECIALS]:
        kwargs = {} if specials is None else {"specials": specials}
        vocab, what = build(attempt, PLAIN, **kwargs)
        expected = reference.Vocab.build(PLAIN, **kwargs)
        unk = expected["<unk>"]
        for token in ["red", "yellow", "<unk>", *(specials or ())]:
            got = index_of(vocab, token, what, strict=True)
            expect(got == expected[token], f"{what}[{token!r}]: expected index {expected[token]}, got {got}")
        for token in ["purple", "zebra", "redd", "<mask>"]:
            got = index_of(vocab, token, what, strict=True)
            expect(got == unk, f"{what}[{token!r}]: an unknown token should give the <unk> index {unk}, got {got}")
        ids = call(vocab.encode, "purple red zebra", what=f"{what}.encode('purple red zebra')")
        assert_tensor(ids, f"{what}.encode('purple red zebra')")
        assert_close(
            ids, expected.encode("purple red zebra"), EXACT, f"{what}.encode('purple red zebra')", check_dtype=False
        )


@check("dtype")
def test_encode_returns_a_1d_int64_tensor(attempt, reference):
    vocab, what = build(attempt, PLAIN)
    for text in [*PLAIN_TEXTS, "!!!"]:
        call_what = f"{what}.encode({text!r})"
        ids = assert_tensor(call(vocab.encode, text, what=call_what), call_what)
        assert_dtype(ids, torch.int64, call_what)
        assert_shape(ids, (len(reference.tokenize(text)),), call_what)


@check("numerics", points=2)
def test_encode_matches_reference(attempt, reference):
    for kwargs in ({}, {"specials": ("<pad>", "<bos>", "<eos>", "<unk>")}):
        vocab, what = build(attempt, PLAIN, **kwargs)
        expected = reference.Vocab.build(PLAIN, **kwargs)
        for text in PLAIN_TEXTS:
            call_what = f"{what}.encode({text!r})"
            ids = assert_tensor(call(vocab.encode, text, what=call_what), call_what)
            assert_close(ids, expected.encode(text), EXACT, call_what, check_dtype=False)


@check("behaviour", points=2)
def test_decode_round_trips(attempt, reference):
    for kwargs in ({}, {"specials": ("<unk>",)}):
        vocab, what = build(attempt, PLAIN, **kwargs)
        expected = reference.Vocab.build(PLAIN, **kwargs)
        pad = [0] if "specials" not in kwargs else []
        for text in PLAIN_TEXTS:
            ids = [*pad, *expected.encode(text).tolist(), *pad]  # the specials come back too
            tokens = expected.decode(ids)
            for shown, value in (("tensor", torch.tensor(ids, dtype=torch.long)), ("list", ids)):
                call_what = f"{what}.decode({shown} {ids})"
                out = call(vocab.decode, value, what=call_what)
                assert_type(out, list, call_what)
                for i, token in enumerate(out):
                    assert_type(token, str, f"{call_what}[{i}]")
                expect(out == tokens, f"{call_what}: expected {tokens}, got {out}")
            round_what = f"{what}.decode({what}.encode({text!r}))"
            encoded = call(vocab.encode, text, what=f"{what}.encode({text!r})")
            out = call(vocab.decode, encoded, what=round_what)
            expected_tokens = expected.decode(expected.encode(text))
            expect(out == expected_tokens, f"{round_what}: expected {expected_tokens}, got {out}")
