"""Grader for question 28: swish, gelu, a Swish module with a learnable beta, and SwishFunction's backward."""

import math

import torch
from torch import nn

from grader.checks import (
    ELEMENTWISE,
    FLOAT64,
    REDUCTION,
    CheckFailed,
    assert_close,
    assert_finite,
    assert_gradcheck,
    assert_grads_match,
    assert_shape,
    assert_tensor,
    assert_type,
    call,
    call_pure,
    check,
    describe,
    expect,
    forbid,
    randn,
    weighted_sum,
)

forbid("F.gelu", "F.silu", "nn.GELU", "nn.SiLU")

SHAPES = [(7,), (4, 5), (2, 3, 6), (1, 1)]
BETAS = [1.0, 0.5, 2.5, -0.7]
LARGE = torch.tensor([-500.0, -100.0, -89.0, -30.0, -5.0, 0.0, 5.0, 30.0, 89.0, 100.0, 500.0])
SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


def sample(*shape: int, seed: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return randn(*shape, seed=seed, dtype=dtype) * 3


def shown(x: torch.Tensor) -> str:
    return f"x of shape {tuple(x.shape)}{'' if x.dtype == torch.float32 else ', float64'}"


def gelu_causes(x: torch.Tensor, approximate: str) -> dict:
    exact = lambda: 0.5 * x * (1 + torch.erf(x / math.sqrt(2)))  # noqa: E731
    tanh = lambda: 0.5 * x * (1 + torch.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x**3)))  # noqa: E731
    causes = {
        "x * sigmoid(1.702 * x) is another approximation, not the one asked for": lambda: x * torch.sigmoid(1.702 * x),
        "Phi(x) = 0.5 * (1 + erf(x / sqrt(2))): the sqrt(2) is missing": lambda: 0.5 * x * (1 + torch.erf(x)),
    }
    if approximate == "none":
        causes["approximate='none' is the exact form with erf; you used the tanh approximation"] = tanh
    else:
        causes["approximate='tanh' asks for the tanh approximation; you used the exact erf form"] = exact
    return causes


def swish_causes(x: torch.Tensor, beta: float | torch.Tensor) -> dict:
    return {
        "beta is ignored: it scales the sigmoid's input, x * sigmoid(beta * x)": lambda: x * torch.sigmoid(x),
        "beta multiplies the output; it belongs inside the sigmoid: x * sigmoid(beta * x)": (
            lambda: beta * x * torch.sigmoid(x)
        ),
    }


def swish_module(attempt, learnable_beta: bool | None = None) -> tuple[nn.Module, str]:
    what = "Swish()" if learnable_beta is None else f"Swish(learnable_beta={learnable_beta})"
    module = attempt.Swish() if learnable_beta is None else attempt.Swish(learnable_beta=learnable_beta)
    assert_type(module, nn.Module, what)
    beta = getattr(module, "beta", None)
    expect(isinstance(beta, torch.Tensor), f"{what}.beta: expected a tensor, got {describe(beta)}")
    expect(beta.numel() == 1, f"{what}.beta: expected a one-element tensor, got shape {tuple(beta.shape)}")
    return module, what


def set_beta(module: nn.Module, value: float) -> None:
    with torch.no_grad():
        module.beta.fill_(value)


@check("numerics", points=2)
def test_swish_matches_reference(attempt, reference):
    for i, shape in enumerate(SHAPES):
        x = sample(*shape, seed=10 + i)
        what = f"swish({shown(x)})"
        expected = reference.swish(x)
        assert_close(call_pure(attempt.swish, x, what=what), expected, ELEMENTWISE, what, causes=swish_causes(x, 1.0))
        for beta in BETAS:
            for b in (beta, torch.tensor(beta)):
                what = f"swish({shown(x)}, beta={beta if isinstance(b, float) else f'torch.tensor({beta})'})"
                out = call_pure(attempt.swish, x, b, what=what)
                assert_close(out, reference.swish(x, b), ELEMENTWISE, what, causes=swish_causes(x, b))
    x = sample(5, 4, seed=20, dtype=torch.float64)
    what = f"swish({shown(x)}, beta=1.5)"
    assert_close(call_pure(attempt.swish, x, 1.5, what=what), reference.swish(x, 1.5), FLOAT64, what)


@check("gradient", points=2)
def test_swish_gradients_match_reference(attempt, reference):
    for i, shape in enumerate(SHAPES):
        x = sample(*shape, seed=30 + i)
        for beta in BETAS:
            what = f"swish({shown(x)}, beta=torch.tensor({beta}, requires_grad=True))"
            assert_grads_match(attempt.swish, reference.swish, {"x": x, "beta": torch.tensor(beta)}, what=what)
        what = f"swish({shown(x)}, beta=2.0)"
        assert_grads_match(lambda t: attempt.swish(t, 2.0), lambda t: reference.swish(t, 2.0), {"x": x}, what=what)


@check("numerics", points=2)
def test_gelu_matches_reference(attempt, reference):
    for i, shape in enumerate(SHAPES):
        x = sample(*shape, seed=40 + i)
        for kwargs in ({}, {"approximate": "none"}, {"approximate": "tanh"}):
            what = f"gelu({shown(x)}{''.join(f', {k}={v!r}' for k, v in kwargs.items())})"
            causes = gelu_causes(x, kwargs.get("approximate", "none"))
            out = call_pure(attempt.gelu, x, what=what, **kwargs)
            assert_close(out, reference.gelu(x, **kwargs), ELEMENTWISE, what, causes=causes)
    x = sample(6, 3, seed=50, dtype=torch.float64)
    for approximate in ("none", "tanh"):
        what = f"gelu({shown(x)}, approximate={approximate!r})"
        out = call_pure(attempt.gelu, x, approximate, what=what)
        assert_close(out, reference.gelu(x, approximate), FLOAT64, what)


@check("gradient")
def test_gelu_gradients_match_reference(attempt, reference):
    for i, shape in enumerate(SHAPES):
        x = sample(*shape, seed=60 + i)
        for approximate in ("none", "tanh"):
            what = f"gelu({shown(x)}, approximate={approximate!r})"
            assert_grads_match(
                lambda t, a=approximate: attempt.gelu(t, a),
                lambda t, a=approximate: reference.gelu(t, a),
                {"x": x},
                what=what,
            )


@check("behaviour")
def test_gelu_rejects_unknown_approximate(attempt):
    x = sample(3, 4, seed=70)
    for approximate in ("erf", "Tanh", "sigmoid", "", "exact"):
        what = f"gelu(x, approximate={approximate!r})"
        try:
            out = attempt.gelu(x, approximate)
        except ValueError:
            continue
        expect(False, f"{what}: expected ValueError, got {describe(out)}")


def at_large(i: int) -> str:
    return f"at x = {LARGE[i].item():g}"


@check("gradient", points=2)
def test_large_inputs_give_finite_values_and_gradients(attempt, reference):
    cases = [
        ("swish(x)", attempt.swish, reference.swish),
        ("swish(x, beta=2.0)", lambda t: attempt.swish(t, 2.0), lambda t: reference.swish(t, 2.0)),
        ("gelu(x)", attempt.gelu, reference.gelu),
        ("gelu(x, approximate='tanh')", lambda t: attempt.gelu(t, "tanh"), lambda t: reference.gelu(t, "tanh")),
        (
            "SwishFunction.apply(x, torch.tensor(1.0))",
            lambda t: attempt.SwishFunction.apply(t, torch.tensor(1.0)),
            lambda t: reference.SwishFunction.apply(t, torch.tensor(1.0)),
        ),
        ("Swish()(x)", attempt.Swish(), reference.Swish()),
    ]
    for name, attempt_fn, reference_fn in cases:
        what = f"{name} at x = -500, -100, -89, -30, -5, 0, 5, 30, 89, 100, 500"
        x = LARGE.clone().requires_grad_()
        out = assert_tensor(attempt_fn(x), what)
        assert_shape(out, LARGE.shape, what)
        assert_finite(out.detach(), what, at=at_large)
        assert_close(out.detach(), reference_fn(LARGE), REDUCTION, what)
        expect(out.requires_grad, f"{what}: the output is not connected to x (detached?)")
        (grad,) = torch.autograd.grad(weighted_sum(out), [x], allow_unused=True)
        expect(grad is not None, f"{what}: no gradient flowed back to x")
        assert_finite(grad, f"gradient of {what}", at=at_large)
        assert_grads_match(attempt_fn, reference_fn, {"x": LARGE}, what=what)


@check("behaviour")
def test_swish_module_beta_is_a_parameter(attempt):
    for learnable_beta in (None, True):
        module, what = swish_module(attempt, learnable_beta)
        params = dict(module.named_parameters())
        expect("beta" in params, f"{what}: expected a parameter named 'beta', got parameters {sorted(params)}")
        expect(module.beta.requires_grad, f"{what}.beta: expected requires_grad=True")
        assert_close(module.beta.detach().reshape(()), torch.tensor(1.0), ELEMENTWISE, f"{what}.beta at the start")


@check("behaviour")
def test_swish_module_fixed_beta_is_a_buffer(attempt):
    module, what = swish_module(attempt, False)
    params = sorted(name for name, _ in module.named_parameters())
    expect(not params, f"{what}: expected no parameters (beta is fixed), got {params}")
    buffers = dict(module.named_buffers())
    expect(
        "beta" in buffers, f"{what}: expected a buffer named 'beta' (register_buffer), got buffers {sorted(buffers)}"
    )
    expect("beta" in module.state_dict(), f"{what}: 'beta' should be saved in the state_dict (a persistent buffer)")
    assert_close(module.beta.detach().reshape(()), torch.tensor(1.0), ELEMENTWISE, f"{what}.beta at the start")
    module.double()
    expect(
        module.beta.dtype == torch.float64,
        f"{what}.double(): beta should become float64 like any buffer, got {str(module.beta.dtype)[6:]}",
    )


@check("numerics")
def test_swish_module_matches_reference(attempt, reference):
    x = sample(6, 5, seed=80)
    for learnable_beta in (True, False):
        for beta in (1.0, 1.7, -0.6):
            module, what = swish_module(attempt, learnable_beta)
            set_beta(module, beta)
            what = f"{what} with beta = {beta}, on {shown(x)}"
            expected = reference.swish(x, beta)
            assert_close(call_pure(module, x, what=what), expected, ELEMENTWISE, what, causes=swish_causes(x, beta))


@check("gradient", points=2)
def test_swish_module_beta_receives_gradient(attempt, reference):
    for i, (shape, beta) in enumerate([((6, 5), 1.0), ((3, 2, 4), 1.7), ((1, 7), -0.6)]):
        x = sample(*shape, seed=90 + i)
        module, what = swish_module(attempt, True)
        set_beta(module, beta)
        what = f"{what} with beta = {beta}, on {shown(x)}"
        ref = reference.Swish(learnable_beta=True)
        set_beta(ref, beta)
        results = []
        for m in (ref, module):
            leaf = x.clone().requires_grad_()
            out = assert_tensor(m(leaf), what)
            expect(out.requires_grad, f"{what}: the output does not require grad (detached?)")
            weighted_sum(out).backward()
            results.append((leaf.grad, m.beta.grad))
        (x_grad, beta_grad), (got_x, got_beta) = results
        expect(
            got_beta is not None,
            f"{what}: beta.grad is None after backward(); beta received no gradient (used as a float, or detached?)",
        )
        assert_close(got_beta.reshape(()), beta_grad, REDUCTION, f"{what}: beta.grad")
        expect(got_x is not None, f"{what}: the input received no gradient")
        assert_close(got_x, x_grad, REDUCTION, f"{what}: gradient of the input")


@check("numerics")
def test_swish_function_matches_reference(attempt, reference):
    fn = attempt.SwishFunction
    expect(
        isinstance(fn, type) and issubclass(fn, torch.autograd.Function),
        f"SwishFunction: expected a subclass of torch.autograd.Function, got {describe(fn)}",
    )
    for i, (shape, beta) in enumerate([((7,), 1.0), ((4, 5), 2.5), ((2, 3, 4), -0.7)]):
        x = sample(*shape, seed=100 + i)
        for requires_grad in (False, True):
            b = torch.tensor(beta, requires_grad=requires_grad)
            what = f"SwishFunction.apply({shown(x)}, torch.tensor({beta}, requires_grad={requires_grad}))"
            out = assert_tensor(call_pure(fn.apply, x, b, what=what), what)
            assert_close(out.detach(), reference.swish(x, beta), ELEMENTWISE, what, causes=swish_causes(x, beta))
            node = out.grad_fn
            expect(
                not requires_grad or getattr(type(node), "_forward_cls", None) is fn,
                f"{what}: the output's grad_fn is {type(node).__name__ if node else None}, expected SwishFunction's "
                "backward (return the result of forward, computed without autograd)",
            )
    x, b = sample(6, 7, seed=105, dtype=torch.float64), torch.tensor(1.3, dtype=torch.float64)
    what = f"SwishFunction.apply({shown(x)}, torch.tensor(1.3, dtype=torch.float64))"
    out = assert_tensor(call_pure(fn.apply, x, b, what=what), what)
    assert_close(out, reference.swish(x, b), FLOAT64, what)


def gradcheck(fn, inputs: dict[str, torch.Tensor], what: str) -> None:
    """assert_gradcheck with gradcheck's "input 0", "input 1" given their names (a candidate for grader.checks)."""
    try:
        assert_gradcheck(fn, *inputs.values(), what=what)
    except CheckFailed as failure:
        message = str(failure)
        for i, name in enumerate(inputs):
            message = message.replace(f"with respect to input {i},", f"with respect to {name}")
        raise CheckFailed(message) from None


@check("gradient", points=3)
def test_swish_function_passes_gradcheck(attempt, reference):
    fn = attempt.SwishFunction
    for i, (shape, beta) in enumerate([((5,), 1.0), ((3, 4), 1.7), ((2, 3, 2), -0.6), ((1, 1), 0.3)]):
        x = sample(*shape, seed=110 + i, dtype=torch.float64)
        b = torch.tensor(beta, dtype=torch.float64)
        what = f"SwishFunction.apply({shown(x)}, beta=torch.tensor({beta}))"
        # A plain backward first: an error or a missing gradient is reported as itself, not as a gradcheck failure.
        leaves = x.clone().requires_grad_(), b.clone().requires_grad_()
        out = assert_tensor(call(fn.apply, *leaves, what=what), what)
        grads = call(torch.autograd.grad, weighted_sum(out), leaves, allow_unused=True, what=f"backward of {what}")
        for name, grad in zip(("x", "beta"), grads, strict=True):
            expect(
                grad is not None,
                f"{what}: backward returned None as the gradient of {name}, which requires grad "
                "(return one gradient per input of forward)",
            )
        # The hand-written gradients against autograd's through the reference: a wrong one shows its numbers.
        assert_grads_match(fn.apply, reference.swish, {"x": x, "beta": b}, what=f"{what}, backward vs autograd")
        gradcheck(fn.apply, {"x": x, "beta": b}, what=what)
        gradcheck(lambda t, b=b: fn.apply(t, b), {"x": x}, what=f"{what} with a beta that does not require grad")
