"""Wrong: a special that also occurs in the texts is numbered a second time among the tokens."""
# fails: a_special_in_the_texts_is_not_added_twice

from collections import Counter
from collections.abc import Iterable, Sequence

import torch


def tokenize(text: str) -> list[str]:
    # Every non-alphanumeric character becomes a space; split() then drops the empty pieces.
    return "".join(c if c.isalnum() else " " for c in text.lower()).split()


class Vocab:
    def __init__(self, itos: list[str]) -> None:
        self.itos = itos
        self.stoi = {token: i for i, token in enumerate(itos)}
        self.unk_index = self.stoi["<unk>"]

    @classmethod
    def build(cls, texts: Iterable[str], min_freq: int = 1, specials: Sequence[str] = ("<pad>", "<unk>")) -> "Vocab":
        counts = Counter(token for text in texts for token in tokenize(text))
        kept = [t for t, n in counts.items() if n >= min_freq]
        return cls([*specials, *sorted(kept, key=lambda t: (-counts[t], t))])

    def __len__(self) -> int:
        return len(self.itos)

    def __getitem__(self, token: str) -> int:
        return self.stoi.get(token, self.unk_index)

    def encode(self, text: str) -> torch.Tensor:
        return torch.tensor([self[t] for t in tokenize(text)], dtype=torch.long)  # (L,)

    def decode(self, ids: torch.Tensor | Sequence[int]) -> list[str]:
        return [self.itos[i] for i in torch.as_tensor(ids, dtype=torch.long).tolist()]
