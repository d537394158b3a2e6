"""Grader for question 35: AdditiveAttention scores, masks and pools like Bahdanau attention."""

import torch
from torch import nn

from grader.checks import (
    REDUCTION,
    assert_close,
    assert_grads_match,
    assert_shape,
    assert_tensor,
    assert_type,
    call_pure,
    check,
    expect,
    generator,
    load_same_weights,
    randn,
)

# (B, S, enc_dim, dec_dim, attn_dim): every size distinct, a single batch row, a single source position.
CASES = [(4, 7, 6, 5, 3), (1, 5, 3, 4, 8), (3, 1, 5, 2, 4), (5, 9, 8, 7, 6)]


def pair(attempt, reference, enc_dim: int, dec_dim: int, attn_dim: int, seed: int) -> tuple[nn.Module, nn.Module]:
    """Reference and attempt modules with the same weights, large enough for tanh to bend and softmax to peak."""
    ref = reference.AdditiveAttention(enc_dim, dec_dim, attn_dim)
    with torch.no_grad():
        for i, p in enumerate(ref.parameters()):
            p.copy_(randn(*p.shape, seed=seed + i) * 1.5 / p.shape[1] ** 0.5)
    att = attempt.AdditiveAttention(enc_dim, dec_dim, attn_dim)
    load_same_weights(ref, att)
    return ref, att


def inputs(b: int, s: int, enc_dim: int, dec_dim: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    return 2 * randn(b, dec_dim, seed=seed), 2 * randn(b, s, enc_dim, seed=seed + 1)


def random_mask(b: int, s: int, seed: int) -> torch.Tensor:
    """Holes anywhere (not only a padded suffix); row 0 keeps one position, every row keeps at least one."""
    mask = torch.rand(b, s, generator=generator(seed)) < 0.6
    mask[torch.arange(b), torch.randint(s, (b,), generator=generator(seed + 1))] = True
    if s > 1:
        mask[0] = False
        mask[0, s // 2] = True
    return mask


def rows(mask: torch.Tensor) -> str:
    """A mask as its rows of 1 (keep) and 0 (masked): '0010000 1101101'."""
    return "rows " + " ".join("".join(str(int(v)) for v in row) for row in mask.tolist())


def call(b: int, s: int, enc_dim: int, dec_dim: int, attn_dim: int, mask: object = None, note: str = "") -> str:
    shown = "" if mask is None else f", src_mask {mask}"
    return (
        f"AdditiveAttention({enc_dim}, {dec_dim}, {attn_dim})(dec_state of shape {(b, dec_dim)}, "
        f"enc_outputs of shape {(b, s, enc_dim)}{shown}){note}"
    )


def own(attempt, enc_dim: int, dec_dim: int, attn_dim: int) -> nn.Module:
    """The attempt's module alone, its weights scaled up so that tanh bends and the softmax peaks."""
    module = attempt.AdditiveAttention(enc_dim, dec_dim, attn_dim)
    with torch.no_grad():
        for p in module.parameters():
            p.mul_(3.0)
    return module


def run(module: nn.Module, dec: torch.Tensor, enc: torch.Tensor, mask: torch.Tensor | None, what: str) -> tuple:
    """`module(dec, enc[, mask])`, checked: a tuple (context (B, De), weights (B, S)), the inputs left alone."""
    if mask is None:  # named parameters, so that a changed input is named in the message
        out = call_pure(lambda dec_state, enc_outputs: module(dec_state, enc_outputs), dec, enc, what=what)
    else:
        forward = lambda dec_state, enc_outputs, src_mask: module(dec_state, enc_outputs, src_mask)  # noqa: E731
        out = call_pure(forward, dec, enc, mask, what=what)
    assert_type(out, tuple, what)
    expect(len(out) == 2, f"{what}: expected a tuple (context, weights) of 2 items, got {len(out)}")
    b, s, enc_dim = enc.shape
    assert_shape(assert_tensor(out[0], f"{what}: context"), (b, enc_dim), f"{what}: context")
    assert_shape(assert_tensor(out[1], f"{what}: weights"), (b, s), f"{what}: weights")
    return out


def variant(
    ref: nn.Module,
    dec: torch.Tensor,
    enc: torch.Tensor,
    mask: torch.Tensor | None,
    *,
    dim: int = -1,
    fill: float = float("-inf"),
    inverted: bool = False,
    mask_after: bool = False,
) -> tuple[torch.Tensor, torch.Tensor]:
    """(context, weights) computed with one known mistake, from the reference's weights."""
    with torch.no_grad():
        scores = ref.v(torch.tanh(ref.W_enc(enc) + ref.W_dec(dec).unsqueeze(1))).squeeze(-1)
        if mask is not None and not mask_after:
            scores = scores.masked_fill(mask if inverted else ~mask, fill)
        weights = torch.softmax(scores, dim=dim)
        if mask is not None and mask_after:
            weights = weights * mask
        return torch.bmm(weights.unsqueeze(1), enc).squeeze(1), weights


@check("shape")
def test_output_shapes(attempt):
    for i, (b, s, de, dd, a) in enumerate(CASES):
        module = own(attempt, de, dd, a)
        dec, enc = inputs(b, s, de, dd, seed=100 + i)
        for mask in (None, random_mask(b, s, seed=200 + i)):
            run(module, dec, enc, mask, call(b, s, de, dd, a, None if mask is None else rows(mask)))


@check("shape")
def test_parameters_follow_the_spec(attempt):
    enc_dim, dec_dim, attn_dim = 6, 5, 3
    module = attempt.AdditiveAttention(enc_dim, dec_dim, attn_dim)
    name = f"AdditiveAttention({enc_dim}, {dec_dim}, {attn_dim})"
    for attr, (fan_in, fan_out) in {
        "W_enc": (enc_dim, attn_dim),
        "W_dec": (dec_dim, attn_dim),
        "v": (attn_dim, 1),
    }.items():
        layer = getattr(module, attr, None)
        assert_type(layer, nn.Linear, f"{name}.{attr}")
        assert_shape(layer.weight, (fan_out, fan_in), f"{name}.{attr}.weight")
        expect(layer.bias is None, f"{name}.{attr}: expected a Linear without bias (bias=False), got a bias")
    names = sorted(n for n, _ in module.named_parameters())
    expected = ["W_dec.weight", "W_enc.weight", "v.weight"]
    expect(names == expected, f"{name} parameters: expected {expected}, got {names}")


@check("numerics", points=2)
def test_matches_reference_without_mask(attempt, reference):
    for i, (b, s, de, dd, a) in enumerate(CASES):
        ref, att = pair(attempt, reference, de, dd, a, seed=20 + 10 * i)
        dec, enc = inputs(b, s, de, dd, seed=300 + i)
        expected = ref(dec, enc)
        causes = {
            "softmax over the batch dimension (dim=0) instead of the source positions": variant(
                ref, dec, enc, None, dim=0
            )
        }
        what = call(b, s, de, dd, a)
        assert_close(run(att, dec, enc, None, what), expected, REDUCTION, f"{what} (context, weights)", causes=causes)
        what = call(b, s, de, dd, a, "all True")
        full = torch.ones(b, s, dtype=torch.bool)
        assert_close(run(att, dec, enc, full, what), expected, REDUCTION, f"{what} (context, weights)")
    b, s, de, dd, a = CASES[0]
    ref, att = pair(attempt, reference, de, dd, a, seed=70)
    dec, enc = inputs(b, s, de, dd, seed=310)
    enc = enc.transpose(0, 1).contiguous().transpose(0, 1)  # same values, (S, B, De) memory order
    what = call(b, s, de, dd, a, note=" with non-contiguous enc_outputs")
    assert_close(run(att, dec, enc, None, what), ref(dec, enc), REDUCTION, f"{what} (context, weights)")


@check("numerics", points=2)
def test_matches_reference_with_mask(attempt, reference):
    for i, (b, s, de, dd, a) in enumerate(CASES):
        ref, att = pair(attempt, reference, de, dd, a, seed=30 + 10 * i)
        dec, enc = inputs(b, s, de, dd, seed=400 + i)
        mask = random_mask(b, s, seed=500 + i)
        causes = {
            "masked positions filled with 0 before the softmax: they still get weight (fill with -inf)": variant(
                ref, dec, enc, mask, fill=0.0
            ),
            "src_mask polarity inverted (True means keep)": variant(ref, dec, enc, mask, inverted=True),
            "the weights are multiplied by the mask after the softmax, so they no longer sum to 1": variant(
                ref, dec, enc, mask, mask_after=True
            ),
        }
        what = call(b, s, de, dd, a, rows(mask))
        assert_close(
            run(att, dec, enc, mask, what), ref(dec, enc, mask), REDUCTION, f"{what} (context, weights)", causes=causes
        )


@check("behaviour", points=2)
def test_masked_positions_get_zero_weight(attempt):
    for i, (b, s, de, dd, a) in enumerate(CASES):
        att = own(attempt, de, dd, a)
        dec, enc = inputs(b, s, de, dd, seed=600 + i)
        mask = random_mask(b, s, seed=700 + i)
        what = call(b, s, de, dd, a, rows(mask))
        context, weights = run(att, dec, enc, mask, what)
        masked = weights.detach()[~mask]
        if masked.numel():
            worst = masked.abs().max().item()
            expect(worst == 0.0, f"{what}: masked positions should get a weight of exactly 0.0, got up to {worst:.3g}")
        changed = torch.where(mask[..., None], enc, 1000 * randn(b, s, de, seed=800 + i))
        note = " with the encoder outputs at masked positions replaced by values ~1000"
        again = run(att, dec, changed, mask, what + note)
        assert_close(again[1], weights.detach(), REDUCTION, f"{what}{note}: weights")
        assert_close(again[0], context.detach(), REDUCTION, f"{what}{note}: context")


@check("numerics")
def test_weights_sum_to_one(attempt):
    for i, (b, s, de, dd, a) in enumerate(CASES):
        att = own(attempt, de, dd, a)
        dec, enc = inputs(b, s, de, dd, seed=900 + i)
        for mask in (None, random_mask(b, s, seed=1000 + i)):
            what = call(b, s, de, dd, a, None if mask is None else rows(mask))
            weights = run(att, dec, enc, mask, what)[1].detach()
            lowest = weights.min().item()
            expect(lowest >= 0.0, f"{what}: weights should be non-negative, got {lowest:.4g}")
            assert_close(weights.sum(dim=-1), torch.ones(b), REDUCTION, f"{what}: weights.sum(dim=-1)")


@check("gradient", points=2)
def test_gradients_match_reference(attempt, reference):
    for i, (b, s, de, dd, a) in enumerate(CASES):
        ref, att = pair(attempt, reference, de, dd, a, seed=60 + 10 * i)
        dec, enc = inputs(b, s, de, dd, seed=1100 + i)
        for mask in (None, random_mask(b, s, seed=1200 + i)):
            args = () if mask is None else (mask,)
            assert_grads_match(
                lambda d, e, m=att, x=args: m(d, e, *x),
                lambda d, e, m=ref, x=args: m(d, e, *x),
                {"dec_state": dec, "enc_outputs": enc},
                attempt_module=att,
                reference_module=ref,
                what=call(b, s, de, dd, a, None if mask is None else rows(mask)) + " (context, weights)",
            )
