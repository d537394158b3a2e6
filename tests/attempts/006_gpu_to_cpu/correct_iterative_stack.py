"""Correct, written differently: `prefer` moved to the front of the order, and to_cpu with an explicit work stack
(no recursion) that fills new containers and turns tuples back into tuples at the end."""

import torch


def pick_device(prefer: str = "cuda") -> torch.device:
    order = ["cuda", "mps", "cpu"]
    if prefer not in order:
        raise ValueError(f"prefer must be 'cuda', 'mps' or 'cpu', not {prefer!r}")
    order.remove(prefer)
    available = {"cuda": torch.cuda.is_available, "mps": torch.backends.mps.is_available, "cpu": lambda: True}
    return torch.device(next(kind for kind in [prefer, *order] if available[kind]()))


def to_cpu(obj):
    root: list = [None]
    stack = [(obj, root, 0)]
    tuples = []  # (parent, key) of lists built for tuples, converted innermost first
    while stack:
        node, parent, key = stack.pop()
        if isinstance(node, torch.Tensor):
            parent[key] = node.cpu()
        elif isinstance(node, dict):
            parent[key] = new = dict.fromkeys(node)
            stack.extend((value, new, k) for k, value in node.items())
        elif isinstance(node, (list, tuple)):
            parent[key] = new = [None] * len(node)
            if isinstance(node, tuple):
                tuples.append((parent, key))
            stack.extend((value, new, i) for i, value in enumerate(node))
        else:
            parent[key] = node
    for parent, key in reversed(tuples):
        parent[key] = tuple(parent[key])
    return root[0]
