"""Correct, written differently: itertools.groupby tokenizer; Counter; ids via torch.tensor of a long tensor
lookup table."""

from collections import Counter
from itertools import groupby

import torch


def tokenize(text):
    return ["".join(g) for keep, g in groupby(text.lower(), key=str.isalnum) if keep]


class Vocab:
    def __init__(self, tokens, unk_token="<unk>"):
        self.tokens = tokens
        self.lookup = {}
        for i, t in enumerate(tokens):
            if t not in self.lookup:
                self.lookup[t] = i
        self.unk_index = self.lookup[unk_token]

    @classmethod
    def build(cls, texts, min_freq=1, specials=("<pad>", "<unk>")):
        c = Counter(tok for text in texts for tok in tokenize(text))
        ranked = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
        tokens = list(dict.fromkeys(list(specials) + [w for w, n in ranked if n >= min_freq]))
        return cls(tokens)

    def __len__(self):
        return len(self.tokens)

    def __getitem__(self, token):
        return self.lookup.get(token, self.unk_index)

    def encode(self, text):
        toks = tokenize(text)
        out = torch.empty(len(toks), dtype=torch.int64)
        for i, t in enumerate(toks):
            out[i] = self[t]
        return out

    def decode(self, ids):
        if torch.is_tensor(ids):
            ids = ids.to(torch.int64).flatten().tolist()
        return list(map(self.tokens.__getitem__, ids))
