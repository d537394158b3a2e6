"""Wrong: the batch sampler makes n // batch_size batches even without drop_last, losing the last one."""
# fails: batch_shapes, each_epoch_yields_every_item_once, drop_last, shuffle_false_is_index_order

import random

from torch.utils.data import DataLoader


class _Batches:
    def __init__(self, n, batch_size, shuffle, seed, drop_last):
        self.n, self.bs, self.shuffle, self.seed, self.drop_last = n, batch_size, shuffle, seed, drop_last
        self.epoch = 0

    def __len__(self):
        return self.n // self.bs

    def __iter__(self):
        order = list(range(self.n))
        if self.shuffle:
            random.Random(self.seed * 1000003 + self.epoch).shuffle(order)
        self.epoch += 1
        for i in range(len(self)):
            yield order[i * self.bs : (i + 1) * self.bs]


def make_loader(dataset, batch_size, shuffle=True, seed=0, drop_last=False):
    return DataLoader(dataset, batch_sampler=_Batches(len(dataset), batch_size, shuffle, seed, drop_last))
