"""A correct answer to question 2 that, on its first call, uses the PyTorch APIs questions 11-92 need.

None of this is tampering: caches that pickle, torch or NumPy fill in on first use must not void a check.
"""

from __future__ import annotations

import io
import pickle
import tempfile
import warnings
from pathlib import Path

import torch
from torch import nn
from torch.nn.utils import prune

_toured = False


class Squares(torch.utils.data.Dataset):
    def __len__(self) -> int:
        return 4

    def __getitem__(self, i: int) -> torch.Tensor:
        return torch.tensor(float(i * i))


def _model() -> nn.Module:
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))


def _tour(folder: Path) -> None:
    model = _model()
    x = torch.randn(3, 4)
    torch.save(model.state_dict(), folder / "weights.pt")
    model.load_state_dict(torch.load(folder / "weights.pt", weights_only=True))
    torch.save(model, folder / "model.pt")
    torch.load(folder / "model.pt", weights_only=False)
    pickle.loads(pickle.dumps(torch.randn(2, 3)))
    buffer = io.BytesIO()
    torch.save({"t": torch.arange(3)}, buffer)
    torch.jit.script(model)(x)
    torch.jit.trace(model, x)(x)
    torch.fx.symbolic_trace(model)(x)
    exported = torch.export.export(model, (x,))
    torch.export.save(exported, folder / "model.pt2")
    torch.export.load(folder / "model.pt2").module()(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (x,), str(folder / "model.onnx"), dynamo=False)
        torch.compile(model, backend="eager")(x)
    with torch.profiler.profile() as prof:
        model(x)
    prof.key_averages()
    torch.ao.quantization.quantize_dynamic(_model(), {nn.Linear}, dtype=torch.qint8)(x)
    pruned = _model()
    prune.l1_unstructured(pruned[0], "weight", amount=0.5)
    prune.remove(pruned[0], "weight")
    torch.autograd.gradcheck(torch.sin, (torch.randn(3, dtype=torch.float64, requires_grad=True),))
    data = torch.utils.data.TensorDataset(torch.randn(8, 4), torch.arange(8))
    for _ in torch.utils.data.DataLoader(data, batch_size=4, num_workers=2):
        pass
    for _ in torch.utils.data.DataLoader(Squares(), batch_size=2, num_workers=2, multiprocessing_context="spawn"):
        pass  # the workers import this module by name, as on macOS
    from torch.utils.tensorboard import SummaryWriter

    with SummaryWriter(str(folder / "runs")) as writer:
        writer.add_scalar("loss", 1.0, 0)
        writer.add_histogram("w", model[0].weight, 0)


def matmul_transpose(x: torch.Tensor) -> torch.Tensor:
    global _toured
    if not _toured:
        _toured = True
        with tempfile.TemporaryDirectory() as folder:
            _tour(Path(folder))
    return x @ x.transpose(-1, -2)
