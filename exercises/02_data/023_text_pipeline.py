"""Question 23 - Tokenizer and vocabulary (torchtext-style).

Write the text pipeline torchtext used to provide: `tokenize` lower-cases a string and splits it into
words, and `Vocab.build` counts the words of a corpus and numbers them, so that `encode` turns a text
into a LongTensor of ids and `decode` turns ids back into tokens.

    >>> tokenize("The cat's mat, the CAT!")
    ['the', 'cat', 's', 'mat', 'the', 'cat']
    >>> vocab = Vocab.build(["The cat sat.", "the dog"], specials=("<pad>", "<unk>"))
    >>> len(vocab), vocab["the"], vocab["cat"], vocab["zebra"]
    (6, 2, 3, 1)
    >>> vocab.encode("the zebra sat"), vocab.decode([2, 1, 5])
    (tensor([2, 1, 5]), ['the', '<unk>', 'sat'])

What the grader checks:
- `tokenize(text)` lower-cases with `str.lower()` (not `str.casefold()`: "ß" stays "ß") and splits on
  every character that is not alphanumeric by `str.isalnum()` (so `_`, `'`, `-` and punctuation split
  words; accented letters, CJK characters, digits and numerals such as "½" are kept), dropping empty pieces;
  it returns a list of str (`[]` for "" or "!!!");
- the vocabulary holds `specials` first, at indices 0, 1, ... in the order given (also when they never
  occur in the texts), then every token of the texts that occurs at least `min_freq` times, by descending
  total count over all texts (every occurrence counts, also repeats within one text), ties in
  alphabetical order (plain string comparison); `len(vocab)` counts specials and tokens;
- a special that is also a token of the texts keeps its special index and is not added a second time;
- `texts` is any iterable of str, a generator included (read it once);
- `specials` always contains "<unk>", not necessarily at index 1 (`("<unk>",)`,
  `("<pad>", "<bos>", "<eos>", "<unk>")`); `vocab[token]` is a Python int, and a token that is not in
  the vocabulary (never seen, or seen fewer than `min_freq` times) gives the index of "<unk>";
- `encode(text)` tokenizes `text` and returns a 1-D int64 tensor (L,) of ids, unknown tokens as the
  "<unk>" index; an empty text gives shape (0,), still int64;
- `decode(ids)` takes a 1-D LongTensor or a list of ints and returns the list of their tokens, specials
  included (nothing is stripped): `decode(encode(text))` is `tokenize(text)` with unknown tokens as "<unk>";
- the caller's list of texts is not modified;
- forbidden: importing torchtext (the import is refused with "forbidden import").
"""

from collections.abc import Iterable, Sequence

import torch


def tokenize(text: str) -> list[str]:
    """Lower-case `text` and split it on non-alphanumeric characters: a list of tokens."""
    # TODO
    raise NotImplementedError


class Vocab:
    """Token <-> index mapping built from a corpus with `Vocab.build`."""

    @classmethod
    def build(cls, texts: Iterable[str], min_freq: int = 1, specials: Sequence[str] = ("<pad>", "<unk>")) -> "Vocab":
        """Count the tokens of `texts` and number them: specials first, then by descending count."""
        # TODO
        raise NotImplementedError

    def __len__(self) -> int:
        """Number of entries, specials included."""
        # TODO
        raise NotImplementedError

    def __getitem__(self, token: str) -> int:
        """The index of `token`, or the index of "<unk>" when it is not in the vocabulary."""
        # TODO
        raise NotImplementedError

    def encode(self, text: str) -> torch.Tensor:
        """`text` -> its token ids, a (L,) int64 tensor."""
        # TODO
        raise NotImplementedError

    def decode(self, ids: torch.Tensor | Sequence[int]) -> list[str]:
        """(L,) ids -> the list of their L tokens."""
        # TODO
        raise NotImplementedError
