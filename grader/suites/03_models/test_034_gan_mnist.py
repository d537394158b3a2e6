"""Grader for question 34: Generator and Discriminator shapes, and a gan_step that moves only what it should."""

import copy
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from grader.checks import (
    REDUCTION,
    CheckFailed,
    assert_close,
    assert_dtype,
    assert_finite,
    assert_shape,
    assert_type,
    call,
    check,
    describe,
    expect,
    randn,
)

LR = 0.1
Z_DIM = 6
IMAGE = (1, 28, 28)


class TinyGenerator(nn.Module):
    """A small G with a BatchNorm: each forward in train mode moves its running statistics."""

    def __init__(self) -> None:
        super().__init__()
        self.fc1 = nn.Linear(Z_DIM, 16)
        self.fc2 = nn.Linear(16, 28 * 28)
        self.norm = nn.BatchNorm2d(1)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.norm(self.fc2(torch.tanh(self.fc1(z))).view(z.shape[0], *IMAGE)))


class TinyDiscriminator(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc1 = nn.Linear(28 * 28, 10)
        self.fc2 = nn.Linear(10, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.leaky_relu(self.fc1(x.flatten(1)), 0.2)).squeeze(1)


def tiny_models(seed: int) -> tuple[nn.Module, nn.Module]:
    G, D = TinyGenerator(), TinyDiscriminator()
    with torch.no_grad():
        for i, p in enumerate([*G.parameters(), *D.parameters()]):
            scale = 0.7 if p.dim() == 1 else 1.5 / p.shape[1] ** 0.5
            p.copy_(scale * randn(*p.shape, seed=seed + i))
    return G, D


def batch(b: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(real images in [-1, 1], z)."""
    return torch.tanh(2 * randn(b, *IMAGE, seed=seed)), randn(b, Z_DIM, seed=seed + 1)


def params(model: nn.Module) -> dict[str, torch.Tensor]:
    return {n: p.detach().clone() for n, p in model.named_parameters()}


def buffers(model: nn.Module) -> dict[str, torch.Tensor]:
    return {n: b.detach().clone() for n, b in model.named_buffers()}


def grads(model: nn.Module) -> dict[str, torch.Tensor]:
    return {n: torch.zeros_like(p) if p.grad is None else p.grad.detach().clone() for n, p in model.named_parameters()}


@dataclass
class Run:
    """What happened during one gan_step call on copies of the suite's models."""

    G: nn.Module
    D: nn.Module
    result: object = None
    events: list[str] = field(default_factory=list)  # "grad G", "grad D", "step G", "step D", "forward G" in order
    steps: dict[str, list[dict]] = field(default_factory=lambda: {"G": [], "D": []})


class RecordingSGD(torch.optim.SGD):
    """Plain SGD that records, at each step, the gradients it steps on and both models before and after."""

    def __init__(self, run: Run, name: str) -> None:
        super().__init__((run.G if name == "G" else run.D).parameters(), lr=LR)
        self.run, self.name = run, name

    def step(self, closure: object = None) -> object:
        run = self.run
        own = run.G if self.name == "G" else run.D
        record = {"grads": grads(own), "G before": params(run.G), "D before": params(run.D)}
        run.events.append(f"step {self.name}")
        out = super().step(closure)
        record.update({"G after": params(run.G), "D after": params(run.D)})
        run.steps[self.name].append(record)
        return out


def run_step(module, G: nn.Module, D: nn.Module, b: int, seed: int, stale: bool = False) -> Run:
    """`module.gan_step` on deep copies of G and D with recording SGD optimizers."""
    run = Run(copy.deepcopy(G), copy.deepcopy(D))
    for who, model in (("G", run.G), ("D", run.D)):
        for i, p in enumerate(model.parameters()):
            p.register_hook(lambda g, n=who: run.events.append(f"grad {n}"))
            p.grad = randn(*p.shape, seed=seed + 500 + i) if stale else None
    run.G.register_forward_hook(lambda *_: run.events.append("forward G"))
    opt_g, opt_d = RecordingSGD(run, "G"), RecordingSGD(run, "D")
    real, z = batch(b, seed)
    what = name(b, stale)
    run.result = call(module.gan_step, run.G, run.D, opt_g, opt_d, real, z, what=what)
    return run


def name(b: int, stale: bool = False) -> str:
    extra = ", with stale gradients in G and D" if stale else ""
    return f"gan_step(G, D, opt_g, opt_d, real of shape {(b, *IMAGE)}, z of shape {(b, Z_DIM)}){extra}"


def losses(run: Run, what: str) -> tuple[float, float]:
    """The two returned losses as floats (one-element tensors accepted here: their type has its own check)."""
    out = run.result
    assert_type(out, tuple, what)
    expect(len(out) == 2, f"{what}: expected a tuple (d_loss, g_loss) of 2 items, got {len(out)}")
    values = []
    for value, part in zip(out, ("d_loss", "g_loss"), strict=True):
        if isinstance(value, torch.Tensor) and value.numel() == 1:
            value = value.item()
        assert_type(value, (float, int), f"{what}: {part}")
        values.append(float(value))
    return values[0], values[1]


def one_step(run: Run, who: str, what: str) -> dict:
    count = len(run.steps[who])
    opt = "opt_g" if who == "G" else "opt_d"
    expect(count == 1, f"{what}: expected {opt}.step() to run once, it ran {count} times")
    return run.steps[who][0]


def d_moved(run: Run) -> bool:
    """Whether opt_d.step() changed D (the first time it ran)."""
    if not run.steps["D"]:
        return False
    step = run.steps["D"][0]
    return any(not torch.equal(step["D before"][n], step["D after"][n]) for n in step["D before"])


CASES = [(8, 10), (1, 20), (5, 30)]  # (batch size, seed)


def bce(logits: torch.Tensor, target: float) -> torch.Tensor:
    return F.binary_cross_entropy_with_logits(logits, torch.full_like(logits, target))


# --- the learner's Generator and Discriminator ----------------------------------------------------------


@check("shape")
def test_generator_output_shape(attempt):
    for z_dim, args in ((64, ()), (16, (16,))):
        G = attempt.Generator(*args)
        for b, train in ((1, False), (5, True)):
            G.train(train)
            for contiguous in (True, False):
                z = randn(b, z_dim, seed=b) if contiguous else randn(z_dim, b, seed=b).T
                what = f"Generator({', '.join(map(str, args))})(z of shape {(b, z_dim)}"
                what += ")" if contiguous else ", non-contiguous)"
                out = call(G, z, what=what)
                assert_type(out, torch.Tensor, what)
                assert_shape(out, (b, 1, 28, 28), what)
                assert_dtype(out, torch.float32, what)


@check("behaviour")
def test_generator_output_range(attempt):
    G = attempt.Generator()
    G.eval()
    with torch.no_grad():
        for scale in (1.0, 100.0):
            what = f"Generator()(z of shape (64, 64){' * 100' if scale > 1 else ''})"
            out = call(G, scale * randn(64, 64, seed=1), what=what)
            assert_type(out, torch.Tensor, what)
            assert_finite(out, what)
            lo, hi = out.min().item(), out.max().item()
            expect(lo >= -1.0 and hi <= 1.0, f"{what}: expected values in [-1, 1], got [{lo:.4g}, {hi:.4g}]")
            if scale == 1.0:
                both = f"{what}: expected values of both signs (MNIST is scaled to [-1, 1]), got [{lo:.4g}, {hi:.4g}]"
                expect(lo < 0.0 < hi, both)


@check("shape")
def test_discriminator_output_shape(attempt):
    D = attempt.Discriminator()
    for b, train in ((1, False), (6, True)):
        D.train(train)
        for contiguous in (True, False):
            x = randn(b, 1, 28, 28, seed=b) if contiguous else randn(b, 1, 28, 28, seed=b).transpose(2, 3)
            layout = "" if contiguous else ", non-contiguous: H and W transposed"
            what = f"Discriminator()(images of shape {(b, 1, 28, 28)}{layout})"
            out = call(D, x, what=what)
            assert_type(out, torch.Tensor, what)
            assert_shape(out, (b,), what)
            assert_dtype(out, torch.float32, what)


@check("behaviour")
def test_discriminator_returns_logits(attempt):
    D = attempt.Discriminator()
    D.eval()
    x = torch.tanh(randn(32, 1, 28, 28, seed=3))
    owners: list[nn.Module] = []

    def hook(mod: nn.Module, args: tuple, out: object) -> None:
        if next(mod.parameters(recurse=False), None) is not None:
            owners.append(mod)

    handle = nn.modules.module.register_module_forward_hook(hook)
    try:
        with torch.no_grad():
            D(x)
    finally:
        handle.remove()
    expect(owners, "Discriminator(): no layer with parameters ran in forward")
    with torch.no_grad():
        for p in owners[-1].parameters(recurse=False):
            p.mul_(50.0)
        out = D(x)
    assert_type(out, torch.Tensor, "Discriminator()(images)")
    lo, hi = out.min().item(), out.max().item()
    expect(
        lo < 0.0 or hi > 1.0,
        f"Discriminator() with its last {type(owners[-1]).__name__}'s parameters scaled by 50: outputs stayed in "
        f"[{lo:.4g}, {hi:.4g}], inside [0, 1]; expected raw logits (no sigmoid at the end)",
    )


# --- gan_step with the suite's own models ----------------------------------------------------------------


@check("dtype")
def test_gan_step_returns_python_floats(attempt):
    G, D = tiny_models(seed=40)
    out = run_step(attempt, G, D, 4, seed=41).result
    what = name(4)
    assert_type(out, tuple, what)
    expect(len(out) == 2, f"{what}: expected a tuple (d_loss, g_loss) of 2 items, got {len(out)}")
    for value, part in zip(out, ("d_loss", "g_loss"), strict=True):
        expect(
            type(value) is float,
            f"{what}: {part} should be a Python float (loss.item()), got {describe(value)}",
        )


@check("numerics", points=2)
def test_losses_match_reference(attempt, reference):
    for b, seed in CASES:
        G, D = tiny_models(seed)
        expected = run_step(reference, G, D, b, seed)
        got = run_step(attempt, G, D, b, seed)
        what = name(b)
        d_loss, g_loss = losses(got, what)
        d_ref, g_ref = losses(expected, what)
        _, z = batch(b, seed)
        halved = {"d_loss is the mean of the real and fake terms; the spec sums them": d_ref / 2}
        assert_close(d_loss, d_ref, REDUCTION, f"{what}: d_loss", causes=halved)
        with torch.no_grad():
            fake = copy.deepcopy(G)(z)
            saturating, before_d_step = -bce(expected.D(fake), 0.0).item(), bce(D(fake), 1.0).item()
        causes = {"the saturating generator loss log(1 - D(G(z))) instead of BCE(D(G(z)), 1)": saturating}
        if d_moved(got):
            causes["g_loss computed with D before its update (the G update must come after the D update)"] = (
                before_d_step
            )
        else:
            causes["opt_d.step() did not change D: were D's gradients zeroed (or never computed) before it?"] = (
                before_d_step
            )
        assert_close(g_loss, g_ref, REDUCTION, f"{what}: g_loss", causes=causes)


@check("behaviour", points=2)
def test_d_update_leaves_generator_alone(attempt):
    for b, seed in CASES:
        G, D = tiny_models(seed)
        run = run_step(attempt, G, D, b, seed)
        what = name(b)
        expect("step D" in run.events, f"{what}: opt_d.step() was never called")
        before = run.events[: run.events.index("step D")]
        expect(
            "grad G" not in before,
            f"{what}: G's parameters received a gradient before opt_d.step(); the D update must not backpropagate "
            "into G (detach the fake batch for D), and g_loss is backpropagated only after the D step",
        )
        at_d_step = run.steps["D"][0]
        for pname, value in params(G).items():
            where = f"{what}: G.{pname} when opt_d.step() ran (G must not change before or during the D update)"
            assert_close(at_d_step["G before"][pname], value, REDUCTION, where)


@check("behaviour", points=2)
def test_g_update_leaves_discriminator_alone(attempt, reference):
    for b, seed in CASES:
        G, D = tiny_models(seed)
        expected = one_step(run_step(reference, G, D, b, seed), "D", "reference")
        run = run_step(attempt, G, D, b, seed)
        what = name(b)
        step = one_step(run, "D", what)
        for pname, value in params(run.D).items():
            where = f"{what}: D.{pname} at the end vs right after opt_d.step() (the G update must not change D)"
            assert_close(value, step["D after"][pname], REDUCTION, where)
        _, z = batch(b, seed)
        D0 = copy.deepcopy(D)
        g_grads = torch.autograd.grad(bce(D0(copy.deepcopy(G)(z)), 1.0), list(D0.parameters()))
        for (pname, ref_grad), g_grad in zip(expected["grads"].items(), g_grads, strict=True):
            where = f"{what}: the gradient of D.{pname} that opt_d.step() used (expected that of d_loss alone)"
            causes = {"g_loss was backpropagated into D before opt_d.step(), moving D": ref_grad + g_grad}
            assert_close(step["grads"][pname], ref_grad, REDUCTION, where, causes=causes)


@check("numerics", points=2)
def test_parameters_after_the_step_match_reference(attempt, reference):
    for b, seed in CASES:
        G, D = tiny_models(seed)
        expected = run_step(reference, G, D, b, seed)
        got = run_step(attempt, G, D, b, seed)
        what = name(b)
        g_steps = got.steps["G"]
        expect(
            not g_steps or any(bool(g.ne(0).any()) for g in g_steps[0]["grads"].values()),
            f"{what}: opt_g.step() ran with no gradient in G, so G did not learn: g_loss must backpropagate "
            "through D into G (the fake batch is detached only for the D update)",
        )
        for who in ("G", "D"):
            ref_params = params(getattr(expected, who))
            for pname, value in params(getattr(got, who)).items():
                assert_close(value, ref_params[pname], REDUCTION, f"{what}: {who}.{pname} after the step")
        forwards = got.events.count("forward G")
        ran = f"; likely cause: G ran {forwards} times, expected once (fake = G(z) serves both updates)"
        for bname, value in buffers(got.G).items():
            where = f"{what}: G.{bname} (a BatchNorm running statistic) after the step"
            try:
                assert_close(value, buffers(expected.G)[bname], REDUCTION, where)
            except CheckFailed as failure:
                raise CheckFailed(f"{failure}{ran if forwards != 1 else ''}") from None


@check("behaviour")
def test_stale_gradients_are_cleared(attempt):
    for b, seed in CASES[:2]:
        G, D = tiny_models(seed)
        clean = run_step(attempt, G, D, b, seed)
        stale = run_step(attempt, G, D, b, seed, stale=True)
        what = name(b, stale=True)
        for who, loss in (("D", "d_loss"), ("G", "g_loss")):
            expected = params(getattr(clean, who))
            for pname, value in params(getattr(stale, who)).items():
                where = f"{what}: {who}.{pname} after the step, compared with the same call without stale gradients"
                assert_close(
                    value, expected[pname], REDUCTION, f"{where} (clear {who}'s gradients before {loss}.backward())"
                )


@check("behaviour")
def test_models_stay_trainable(attempt):
    G, D = tiny_models(seed=90)
    run = run_step(attempt, G, D, 4, seed=91)
    for who in ("G", "D"):
        for pname, p in getattr(run, who).named_parameters():
            expect(
                p.requires_grad,
                f"{name(4)}: {who}.{pname} has requires_grad=False after the call (restore what you froze)",
            )
