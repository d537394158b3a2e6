"""Wrong: the text is never lower-cased, so "The" and "the" become two different tokens."""
# fails: tokenize_lowercases_and_splits_on_non_alphanumerics, tokens_ordered_by_descending_total_count
# cause: the text is not lower-cased

from collections import Counter
from collections.abc import Iterable, Sequence

import torch


def tokenize(text: str) -> list[str]:
    # Every non-alphanumeric character becomes a space; split() then drops the empty pieces.
    return "".join(c if c.isalnum() else " " for c in text).split()


class Vocab:
    def __init__(self, itos: list[str]) -> None:
        self.itos = itos
        self.stoi = {token: i for i, token in enumerate(itos)}
        self.unk_index = self.stoi["<unk>"]

    @classmethod
    def build(cls, texts: Iterable[str], min_freq: int = 1, specials: Sequence[str] = ("<pad>", "<unk>")) -> "Vocab":
        counts = Counter(token for text in texts for token in tokenize(text))
        kept = [t for t, n in counts.items() if n >= min_freq and t not in specials]
        return cls([*specials, *sorted(kept, key=lambda t: (-counts[t], t))])

    def __len__(self) -> int:
        return len(self.itos)

    def __getitem__(self, token: str) -> int:
        return self.stoi.get(token, self.unk_index)

    def encode(self, text: str) -> torch.Tensor:
        return torch.tensor([self[t] for t in tokenize(text)], dtype=torch.long)  # (L,)

    def decode(self, ids: torch.Tensor | Sequence[int]) -> list[str]:
        return [self.itos[i] for i in torch.as_tensor(ids, dtype=torch.long).tolist()]
