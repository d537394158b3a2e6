r"""Correct, written differently: a `[^\W_]+` regex (exactly the str.isalnum characters), a plain dict count,
the vocabulary sorted from `(token, count)` items, and `torch.LongTensor` for the ids."""

import re
from collections.abc import Iterable, Sequence

import torch

WORD = re.compile(r"[^\W_]+")


def tokenize(text: str) -> list[str]:
    return WORD.findall(text.lower())


class Vocab:
    def __init__(self, tokens: list[str], unk: str = "<unk>") -> None:
        self._tokens = tokens
        self._index: dict[str, int] = {}
        for i, token in enumerate(tokens):
            self._index.setdefault(token, i)
        self._unk = self._index[unk]

    @classmethod
    def build(cls, texts: Iterable[str], min_freq: int = 1, specials: Sequence[str] = ("<pad>", "<unk>")) -> "Vocab":
        counts: dict[str, int] = {}
        for text in texts:
            for token in tokenize(text):
                counts[token] = counts.get(token, 0) + 1
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        words = [token for token, count in ranked if count >= min_freq and token not in set(specials)]
        return cls(list(specials) + words)

    def __len__(self) -> int:
        return len(self._tokens)

    def __getitem__(self, token: str) -> int:
        return self._index.get(token, self._unk)

    def encode(self, text: str) -> torch.Tensor:
        return torch.LongTensor([self[token] for token in tokenize(text)])

    def decode(self, ids: torch.Tensor | Sequence[int]) -> list[str]:
        return [self._tokens[int(i)] for i in ids]
