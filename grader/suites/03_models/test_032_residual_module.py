"""Grader for question 32: ResidualBlock and ResidualMLP register their layers and add an exact skip path."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

import torch
import torch.nn.functional as F
from torch import nn

from grader.checks import (
    EXACT,
    REDUCTION,
    CheckFailed,
    assert_close,
    assert_dtype,
    assert_grads_match,
    assert_shape,
    assert_type,
    call,
    call_pure,
    check,
    describe,
    expect,
    input_gradients,
    randn,
    weighted_sum,
)

# (in_dim, out_dim): an identity shortcut, a narrowing and a widening projection shortcut.
BLOCKS = [(5, 5), (6, 4), (3, 8)]
# (in_dim, hidden_dim, out_dim, depth): with and without an input projection, out_dim = 1.
MLPS = [(5, 8, 3, 2), (6, 6, 1, 1), (3, 7, 2, 3)]


def block_name(in_dim: int, out_dim: int) -> str:
    return f"ResidualBlock({in_dim}, {out_dim})"


def mlp_name(in_dim: int, hidden_dim: int, out_dim: int, depth: int) -> str:
    return f"ResidualMLP({in_dim}, {hidden_dim}, {out_dim}, depth={depth})"


def linear_str(layer: nn.Module) -> str:
    if isinstance(layer, nn.Linear):
        bias = "" if layer.bias is not None else ", bias=False"
        return f"nn.Linear({layer.in_features}, {layer.out_features}{bias})"
    return describe(layer)


def randomise(module: nn.Module, seed: int) -> None:
    """Random values in every parameter (LayerNorm's too), so that no layer starts as a no-op."""
    with torch.no_grad():
        for i, p in enumerate(module.parameters()):
            p.copy_(0.6 * randn(*p.shape, seed=seed + i))


@contextmanager
def recording(modules: list[nn.Module] | None, pre: bool = False) -> Iterator[list[tuple]]:
    """Collect (module, inputs, output) for each call of these modules (of every module when None), in order.

    pre: record each call before it runs, as (module, inputs, None), so that a call that raises is recorded too.
    """
    calls: list[tuple] = []

    def hook(mod: nn.Module, args: tuple, out: object = None) -> None:
        calls.append((mod, args, out))

    if modules is None:
        register = (
            nn.modules.module.register_module_forward_pre_hook
            if pre
            else nn.modules.module.register_module_forward_hook
        )
        handles = [register(hook)]
    else:
        handles = [m.register_forward_pre_hook(hook) if pre else m.register_forward_hook(hook) for m in modules]
    try:
        yield calls
    finally:
        for h in handles:
            h.remove()


def shortcut_of(block: nn.Module, in_dim: int, out_dim: int) -> nn.Module:
    shortcut = getattr(block, "shortcut", None)
    assert_type(shortcut, nn.Module, f"{block_name(in_dim, out_dim)}.shortcut")
    return shortcut


def spec(
    x: torch.Tensor, norm: nn.Module, fc1: nn.Module, fc2: nn.Module, shortcut: nn.Module, cut_shortcut: bool = False
) -> torch.Tensor:
    """shortcut(x) + fc2(GELU(fc1(norm(x)))) with the block's own layers (cut_shortcut: the detached-skip bug)."""
    return shortcut(x.detach() if cut_shortcut else x) + fc2(F.gelu(fc1(norm(x))))


def block_layers(block: nn.Module, in_dim: int, out_dim: int) -> tuple[nn.Module, nn.Linear, nn.Linear]:
    """The block's LayerNorm and its two branch Linears (found by type and shape), in the order they compute."""
    name = block_name(in_dim, out_dim)
    shortcut = shortcut_of(block, in_dim, out_dim)
    norms = [m for m in block.modules() if isinstance(m, nn.LayerNorm)]
    expect(len(norms) == 1, f"{name}: expected one registered nn.LayerNorm, found {len(norms)}")
    shape = tuple(norms[0].normalized_shape)
    expect(
        shape == (in_dim,), f"{name}: expected nn.LayerNorm({in_dim}) on the block input, got normalized_shape {shape}"
    )
    linears = [m for m in block.modules() if isinstance(m, nn.Linear) and m is not shortcut]
    shown = ", ".join(linear_str(m) for m in linears)
    expect(
        len(linears) == 2,
        f"{name}: expected two registered nn.Linear layers besides `shortcut`, found {len(linears)} ({shown})",
    )
    orders = [
        (a, b)
        for a in linears
        for b in linears
        if a is not b
        and (a.in_features, a.out_features) == (in_dim, out_dim)
        and (b.in_features, b.out_features) == (out_dim, out_dim)
    ]
    expect(
        orders,
        f"{name}: expected branch Linears nn.Linear({in_dim}, {out_dim}), nn.Linear({out_dim}, {out_dim}); got {shown}",
    )
    if len(orders) > 1:  # two (d, d) Linears: the order in which the block applies them decides
        x = randn(3, in_dim, seed=2)
        with torch.no_grad():
            out = apply(block, x, f"{name}(x of shape (3, {in_dim}))")
            matching = [o for o in orders if same(out, spec(x, norms[0], *o, shortcut))]
        orders = matching or orders
    return norms[0], *orders[0]


def same(a: object, b: torch.Tensor) -> bool:
    return (
        isinstance(a, torch.Tensor)
        and a.shape == b.shape
        and bool(torch.isclose(a, b, REDUCTION.rtol, REDUCTION.atol).all())
    )


def apply(module: nn.Module, x: torch.Tensor, what: str) -> object:
    """`module(x)`, failing the check if it raises (naming the call) or changes x in place."""
    return call_pure(lambda x: module(x), x, what=what)


def forward(module: nn.Module, x: torch.Tensor, shape: tuple[int, ...], what: str) -> torch.Tensor:
    """`module(x)`, checked to be a tensor of `shape` (see `apply`)."""
    out = apply(module, x, what)
    assert_type(out, torch.Tensor, what)
    assert_shape(out, shape, what)
    return out


def expected_params(in_dim: int, out_dim: int) -> int:
    shortcut = 0 if in_dim == out_dim else in_dim * out_dim + out_dim
    return 2 * in_dim + (in_dim * out_dim + out_dim) + (out_dim * out_dim + out_dim) + shortcut


@check("shape")
def test_output_shapes(attempt):
    for i, (in_dim, out_dim) in enumerate(BLOCKS):
        block = attempt.ResidualBlock(in_dim, out_dim)
        for b in (1, 7):
            what = f"{block_name(in_dim, out_dim)}(x of shape {(b, in_dim)})"
            forward(block, randn(b, in_dim, seed=10 + i), (b, out_dim), what)
    for i, (in_dim, hidden, out_dim, depth) in enumerate(MLPS):
        model = attempt.ResidualMLP(in_dim, hidden, out_dim, depth)
        for b in (1, 4):
            what = f"{mlp_name(in_dim, hidden, out_dim, depth)}(x of shape {(b, in_dim)})"
            forward(model, randn(b, in_dim, seed=20 + i), (b, out_dim), what)


@check("behaviour")
def test_shortcut_types(attempt):
    for in_dim, out_dim in [(5, 5), (1, 1), (6, 4), (3, 8)]:
        name = f"{block_name(in_dim, out_dim)}.shortcut"
        shortcut = getattr(attempt.ResidualBlock(in_dim, out_dim), "shortcut", None)
        if in_dim == out_dim:
            expect(
                isinstance(shortcut, nn.Identity),
                f"{name}: expected nn.Identity (dims match), got {describe(shortcut)}",
            )
        else:
            assert_type(shortcut, nn.Linear, name)
            expect(
                (shortcut.in_features, shortcut.out_features, shortcut.bias is not None) == (in_dim, out_dim, True),
                f"{name}: expected nn.Linear({in_dim}, {out_dim}) (with a bias), got {linear_str(shortcut)}",
            )
    model = attempt.ResidualMLP(4, 6, 2, 2)
    for i, block in enumerate(getattr(model, "blocks", [])):
        shortcut = getattr(block, "shortcut", None)
        what = f"{mlp_name(4, 6, 2, 2)}.blocks[{i}].shortcut"
        expect(isinstance(shortcut, nn.Identity), f"{what}: expected nn.Identity (6 -> 6), got {describe(shortcut)}")


@check("behaviour", points=2)
def test_submodules_are_registered(attempt):
    for in_dim, out_dim in BLOCKS:
        name = block_name(in_dim, out_dim)
        got = sum(p.numel() for p in attempt.ResidualBlock(in_dim, out_dim).parameters())
        shortcut = "no parameters" if in_dim == out_dim else f"nn.Linear({in_dim}, {out_dim})"
        expect(
            got == expected_params(in_dim, out_dim),
            f"{name}: expected {expected_params(in_dim, out_dim)} parameters (LayerNorm({in_dim}), "
            f"Linear({in_dim}, {out_dim}), Linear({out_dim}, {out_dim}), shortcut: {shortcut}), got {got}",
        )
    for in_dim, hidden, out_dim, depth in MLPS:
        name = mlp_name(in_dim, hidden, out_dim, depth)
        model = attempt.ResidualMLP(in_dim, hidden, out_dim, depth)
        with recording(None) as calls:
            model(randn(3, in_dim, seed=30))
        registered = {id(m) for m in model.modules()}
        for mod, _, _ in calls:
            if next(mod.parameters(), None) is not None and id(mod) not in registered:
                expect(False, f"{name}: a {type(mod).__name__} with parameters ran in forward but is not a registered "
                       "sub-module (not in named_modules(): kept in a plain list, dict or tuple?)")  # fmt: skip
        blocks = getattr(model, "blocks", None)
        assert_type(blocks, nn.ModuleList, f"{name}.blocks")
        expect(len(blocks) == depth, f"{name}.blocks: expected {depth} blocks, got {len(blocks)}")
        for i, block in enumerate(blocks):
            assert_type(block, attempt.ResidualBlock, f"{name}.blocks[{i}]")
        head = getattr(model, "head", None)
        assert_type(head, nn.Linear, f"{name}.head")
        expect(
            (head.in_features, head.out_features) == (hidden, out_dim),
            f"{name}.head: expected nn.Linear({hidden}, {out_dim}), got {linear_str(head)}",
        )
        projection = 0 if in_dim == hidden else in_dim * hidden + hidden
        expected = projection + depth * expected_params(hidden, hidden) + hidden * out_dim + out_dim
        got = sum(p.numel() for p in model.parameters())
        parts = f"{'no input projection' if projection == 0 else 'input projection'}, {depth} x block, head"
        expect(
            got == expected,
            f"{name}: expected {expected} parameters ({parts}), got {got}",
        )


@check("behaviour")
def test_to_moves_every_submodule(attempt):
    modules = [
        (block_name(6, 4), attempt.ResidualBlock(6, 4), 6),
        (mlp_name(5, 8, 3, 3), attempt.ResidualMLP(5, 8, 3, 3), 5),
    ]
    for name, module, in_dim in modules:
        moved = module.to(torch.float64)
        for pname, p in moved.named_parameters():
            assert_dtype(p, torch.float64, f"{name}.to(torch.float64): parameter {pname}")
        x = randn(4, in_dim, seed=40, dtype=torch.float64)
        what = f"{name}.to(torch.float64)(float64 x)"
        with recording(None, pre=True) as calls:
            try:
                out = apply(moved, x, what)
            except CheckFailed as failure:
                raise CheckFailed(f"{failure}{dtype_cause(calls)}") from None
        assert_type(out, torch.Tensor, what)
        assert_dtype(out, torch.float64, what)


def dtype_cause(calls: list[tuple]) -> str:
    """Why a float64 module raised: a layer that .to() did not move, or float32 input to one it did move."""
    for mod, args, _ in calls:
        if any(p.dtype != torch.float64 for p in mod.parameters(recurse=False)):
            return (
                f" (a {type(mod).__name__} with float32 parameters ran: .to() did not move it, "
                "so it is not a registered sub-module)"
            )
        if any(isinstance(a, torch.Tensor) and a.dtype == torch.float32 for a in args):
            return f" (a {type(mod).__name__} got float32 input: does forward cast it, e.g. with x.float()?)"
    return ""


@check("numerics", points=2)
def test_block_computes_the_spec(attempt):
    for i, (in_dim, out_dim) in enumerate(BLOCKS):
        block = attempt.ResidualBlock(in_dim, out_dim)
        randomise(block, seed=50 + 10 * i)
        norm, fc1, fc2 = block_layers(block, in_dim, out_dim)
        x = 2 * randn(5, in_dim, seed=60 + i)
        what = f"{block_name(in_dim, out_dim)}(x of shape {(5, in_dim)}) with random weights"
        out = forward(block, x, (5, out_dim), what)
        shortcut = shortcut_of(block, in_dim, out_dim)
        with torch.no_grad():
            skip, hidden = shortcut(x), fc1(norm(x))
            causes = {
                "ReLU instead of GELU": skip + fc2(F.relu(hidden)),
                "the tanh approximation of GELU (the spec uses the exact one)": skip
                + fc2(F.gelu(hidden, approximate="tanh")),
            }
            if in_dim == out_dim:
                post_norm = norm(skip + fc2(F.gelu(fc1(x))))
                causes["the LayerNorm is applied after the sum (post-norm) instead of to the branch input"] = post_norm
            expected = spec(x, norm, fc1, fc2, shortcut)
        assert_close(
            out.detach(),
            expected,
            REDUCTION,
            f"{what}: shortcut(x) + Linear2(GELU(Linear1(LayerNorm(x))))",
            causes=causes,
        )


@check("behaviour", points=2)
def test_zeroed_last_linear_gives_the_shortcut(attempt):
    for i, (in_dim, out_dim) in enumerate(BLOCKS):
        block = attempt.ResidualBlock(in_dim, out_dim)
        randomise(block, seed=70 + 10 * i)
        _, _, last = block_layers(block, in_dim, out_dim)
        with torch.no_grad():
            for p in last.parameters():
                p.zero_()
        x = randn(6, in_dim, seed=80 + i)
        what = f"{block_name(in_dim, out_dim)}(x) with its last Linear zeroed"
        out = forward(block, x, (6, out_dim), what)
        target, shown = (x, "x") if in_dim == out_dim else (shortcut_of(block, in_dim, out_dim)(x), "shortcut(x)")
        assert_close(out.detach(), target.detach(), EXACT, f"{what}: expected exactly {shown} (nothing after the sum)")


@check("gradient", points=2)
def test_block_gradients_match_the_spec(attempt):
    for i, (in_dim, out_dim) in enumerate(BLOCKS):
        block = attempt.ResidualBlock(in_dim, out_dim)
        randomise(block, seed=120 + 10 * i)
        layers = dict(zip(("norm", "fc1", "fc2"), block_layers(block, in_dim, out_dim), strict=True))
        layers["shortcut"] = shortcut_of(block, in_dim, out_dim)
        x = {"x": 2 * randn(5, in_dim, seed=130 + i)}
        what = f"{block_name(in_dim, out_dim)}(x of shape {(5, in_dim)}) with random weights"
        try:
            assert_grads_match(
                block, partial(spec, **layers), x, attempt_module=block, reference_module=block, what=what
            )
        except CheckFailed as failure:
            _, cut = input_gradients(partial(spec, **layers, cut_shortcut=True), x)
            _, got = input_gradients(block, x, what=what)
            if same(got["x"], cut["x"]):
                raise CheckFailed(
                    f"{failure}; likely cause: no gradient flows through the shortcut (x.detach()?)"
                ) from None
            raise


@check("behaviour", points=2)
def test_mlp_chains_projection_blocks_and_head(attempt):
    for i, (in_dim, hidden, out_dim, depth) in enumerate(MLPS):
        name = mlp_name(in_dim, hidden, out_dim, depth)
        model = attempt.ResidualMLP(in_dim, hidden, out_dim, depth)
        blocks, head = getattr(model, "blocks", None), getattr(model, "head", None)
        assert_type(blocks, nn.ModuleList, f"{name}.blocks")
        assert_type(head, nn.Module, f"{name}.head")
        x = randn(4, in_dim, seed=90 + i)
        if in_dim == hidden:
            first, shown = x, "x itself (no projection when in_dim == hidden_dim)"
        else:
            projections = [m for m in model.modules() if isinstance(m, nn.Linear) and m is not head
                           and all(m is not s for b in blocks for s in b.modules())]  # fmt: skip
            expect(len(projections) == 1, f"{name}: expected one input projection nn.Linear({in_dim}, {hidden}) "
                   f"outside blocks and head, found {len(projections)}")  # fmt: skip
            first, shown = projections[0](x).detach(), "the input projection of x"
        with recording([*blocks, head]) as calls:
            out = forward(model, x, (4, out_dim), f"{name}(x of shape {(4, in_dim)})").detach()
        with torch.no_grad():
            expected = first
            for block in blocks:
                expected = block(expected)
            expected = head(expected)
        if same(out, expected):  # head(blocks[-1](... blocks[0](first))), however the blocks are called
            continue
        seen: dict[int, list] = {}
        for mod, args, o in calls:
            seen.setdefault(id(mod), []).append((args[0], o))
        for j, block in enumerate([*blocks, head]):
            part = f"blocks[{j}]" if j < len(blocks) else "head"
            got = len(seen.get(id(block), []))
            expect(got == 1, f"{name}: {part} should run once per forward, ran {got} times")
        assert_close(seen[id(blocks[0])][0][0].detach(), first, EXACT, f"{name}: input of blocks[0] ({shown})")
        for j in range(1, len(blocks)):
            prev = seen[id(blocks[j - 1])][0][1]
            assert_close(seen[id(blocks[j])][0][0].detach(), prev.detach(), EXACT, f"{name}: input of blocks[{j}] "
                         f"(the output of blocks[{j - 1}])")  # fmt: skip
        last = seen[id(blocks[-1])][0][1]
        assert_close(
            seen[id(head)][0][0].detach(), last.detach(), EXACT, f"{name}: input of head (the last block's output)"
        )
        assert_close(out, seen[id(head)][0][1].detach(), EXACT, f"{name}: output (the head's output, as is)")


@check("gradient", points=2)
def test_gradients_reach_every_layer_and_the_input(attempt):
    for i, (in_dim, hidden, out_dim, depth) in enumerate([(5, 8, 3, 4), (6, 6, 2, 3)]):
        name = mlp_name(in_dim, hidden, out_dim, depth)
        model = attempt.ResidualMLP(in_dim, hidden, out_dim, depth)
        randomise(model, seed=100 + 10 * i)
        x = randn(7, in_dim, seed=110 + i).requires_grad_()
        out = forward(model, x, (7, out_dim), f"{name}(x of shape {(7, in_dim)})")
        model.zero_grad(set_to_none=True)
        loss = weighted_sum(out)
        expect(loss.requires_grad, f"{name}: the output is not connected to the parameters (detached?)")
        call(loss.backward, what=f"{name}: backward of a weighted sum of the output")
        for pname, p in model.named_parameters():
            what = f"{name}: gradient of {pname}"
            expect(p.grad is not None, f"{what}: none flowed back (is it used in forward, outside torch.no_grad()?)")
            expect(bool(p.grad.ne(0).any()), f"{what}: all zero (is its output used?)")
        expect(x.grad is not None and bool(x.grad.ne(0).any()), f"{name}: no gradient reached the input x (detached?)")
