"""Wrong: keeps characters that are `isalpha()` or `isdigit()`, which drops numerals such as "½" that
`isalnum()` keeps."""
# fails: tokenize_lowercases_and_splits_on_non_alphanumerics
# cause: isalpha() or isdigit() is not isalnum(): numerals such as '½' and 'Ⅻ' are alphanumeric too

from collections import Counter
from collections.abc import Iterable, Sequence

import torch


def tokenize(text: str) -> list[str]:
    tokens, cur = [], []
    for ch in text.lower():
        if ch.isalpha() or ch.isdigit():
            cur.append(ch)
        elif cur:
            tokens.append("".join(cur))
            cur = []
    if cur:
        tokens.append("".join(cur))
    return tokens


class Vocab:
    def __init__(self, itos: list[str], unk: str = "<unk>") -> None:
        self.itos = list(itos)
        self.stoi = {t: i for i, t in enumerate(self.itos)}
        self.unk_index = self.stoi[unk]

    @classmethod
    def build(cls, texts: Iterable[str], min_freq: int = 1, specials: Sequence[str] = ("<pad>", "<unk>")) -> "Vocab":
        counts = Counter()
        for text in texts:
            counts.update(tokenize(text))
        itos = list(dict.fromkeys(specials))
        seen = set(itos)
        for tok, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            if c >= min_freq and tok not in seen:
                itos.append(tok)
                seen.add(tok)
        return cls(itos)

    def __len__(self) -> int:
        return len(self.itos)

    def __getitem__(self, token: str) -> int:
        return self.stoi.get(token, self.unk_index)

    def encode(self, text: str) -> torch.Tensor:
        return torch.tensor([self[t] for t in tokenize(text)], dtype=torch.long)

    def decode(self, ids: torch.Tensor | Sequence[int]) -> list[str]:
        if isinstance(ids, torch.Tensor):
            ids = ids.tolist()
        return [self.itos[int(i)] for i in ids]
