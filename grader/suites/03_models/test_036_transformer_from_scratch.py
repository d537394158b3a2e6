"""Grader for question 36: multi-head attention equal to nn.MultiheadAttention, a pre-norm block, a causal MiniGPT."""

import math

import torch
import torch.nn.functional as F
from torch import nn

from grader.checks import (
    EXACT,
    REDUCTION,
    Tol,
    assert_close,
    assert_grads_match,
    assert_shape,
    assert_tensor,
    assert_trains,
    call,
    call_pure,
    check,
    expect,
    forbid,
    generator,
    load_same_weights,
    randn,
    weighted_sum,
)

# torch's attention kernels have names of their own (not aliases of F.scaled_dot_product_attention): each one
# is forbidden by name, and the engine guards the torch.ops.aten operator of the same name with it. FlexAttention
# computes the same softmax(q k^T / sqrt(d)) v in eager mode (without a backward on the CPU).
forbid(
    "F.scaled_dot_product_attention",
    "F.multi_head_attention_forward",
    "nn.MultiheadAttention",
    "nn.Transformer",
    "nn.TransformerEncoder",
    "nn.TransformerDecoder",
    "nn.TransformerEncoderLayer",
    "nn.TransformerDecoderLayer",
    "torch._scaled_dot_product_attention_math",
    "torch._scaled_dot_product_attention_math_for_mps",
    "torch._scaled_dot_product_flash_attention",
    "torch._scaled_dot_product_flash_attention_for_cpu",
    "torch._scaled_dot_product_efficient_attention",
    "torch._scaled_dot_product_cudnn_attention",
    "torch.ops.aten._scaled_dot_product_fused_attention_overrideable",
    "torch._native_multi_head_attention",
    "torch._transformer_encoder_layer_fwd",
    "torch._triton_multi_head_attention",
    "torch._triton_scaled_dot_attention",
    "torch.nn.attention.flex_attention.flex_attention",
)

# (B, T_q, T_k, d_model, n_heads): T_q != T_k, B = 1, T_k = 1, d_head = 1, a single head; B != n_heads.
MHA_CASES = [(2, 5, 7, 12, 3), (1, 4, 4, 8, 2), (3, 6, 1, 20, 4), (4, 3, 9, 6, 6), (2, 1, 5, 16, 1)]
# (B, T, d_model, n_heads, d_ff)
BLOCK_CASES = [(2, 6, 12, 3, 20), (1, 5, 8, 2, 16), (3, 1, 10, 5, 7)]
# (vocab_size, d_model, n_heads, n_layers, max_len)
GPT_CASES = [(13, 16, 2, 2, 10), (7, 12, 3, 1, 6)]
# Logits before a changed token must not move; the tolerance only absorbs a different summation order.
CAUSAL = Tol(rtol=0.0, atol=1e-6)
SPLIT_BY_VIEW = (
    "heads were split with view(B, n_heads, T, d_head) instead of view(B, T, n_heads, d_head).transpose(1, 2)"
)


def mha_name(b: int, tq: int, tk: int, d: int, h: int, mask: str = "", q_layout: str = "") -> str:
    return f"MultiHeadAttention({d}, {h})(q ({b}, {tq}, {d}){q_layout}, k and v ({b}, {tk}, {d}){mask})"


def qkv(b: int, tq: int, tk: int, d: int, seed: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    return randn(b, tq, d, seed=seed), randn(b, tk, d, seed=seed + 1), randn(b, tk, d, seed=seed + 2)


def random_mask(*shape: int, seed: int) -> torch.Tensor:
    """A random boolean mask (True = may attend) in which every query keeps key 0 and some others."""
    mask = torch.rand(shape, generator=generator(seed)) < 0.6
    mask[..., 0] = True
    return mask


def attention_pair(attempt, reference, d: int, h: int, seed: int) -> tuple[nn.Module, nn.Module]:
    """The reference's MultiHeadAttention (random init) and the attempt's, with the same weights."""
    torch.manual_seed(seed)
    ref = reference.MultiHeadAttention(d, h)
    att = attempt.MultiHeadAttention(d, h)
    load_same_weights(ref, att)
    return ref, att


def torch_mha(ref: nn.Module, d: int, h: int) -> nn.MultiheadAttention:
    """nn.MultiheadAttention holding the reference module's weights (q, k, v stacked in in_proj)."""
    mha = nn.MultiheadAttention(d, h, batch_first=True)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.cat([ref.q_proj.weight, ref.k_proj.weight, ref.v_proj.weight]))
        mha.in_proj_bias.copy_(torch.cat([ref.q_proj.bias, ref.k_proj.bias, ref.v_proj.bias]))
        mha.out_proj.weight.copy_(ref.out_proj.weight)
        mha.out_proj.bias.copy_(ref.out_proj.bias)
    return mha.eval()


def expected_attention(ref, q, k, v, h: int, mask: torch.Tensor | None = None) -> torch.Tensor:
    mha = torch_mha(ref, q.shape[-1], h)
    attn_mask = None
    if mask is not None:
        attn_mask = ~mask  # nn.MultiheadAttention: True = blocked
        if mask.dim() == 3:
            attn_mask = attn_mask.repeat_interleave(h, dim=0)  # (B * n_heads, T_q, T_k)
    with torch.no_grad():
        return mha(q, k, v, attn_mask=attn_mask, need_weights=False)[0]


def attention_variant(ref, q, k, v, h: int, mask=None, *, scale=None, dim=-1, invert=False, by_view=False):
    """A known wrong variant of attention with the reference's weights, to name the likely cause."""
    b, tq, d = q.shape
    tk, hs = k.shape[1], d // h

    def heads(x: torch.Tensor, t: int) -> torch.Tensor:
        return x.reshape(b, h, t, hs) if by_view else x.reshape(b, t, h, hs).transpose(1, 2)

    with torch.no_grad():
        qh, kh, vh = heads(ref.q_proj(q), tq), heads(ref.k_proj(k), tk), heads(ref.v_proj(v), tk)
        scores = qh @ kh.transpose(-2, -1) / math.sqrt(scale or hs)
        if mask is not None:
            keep = mask.unsqueeze(1) if mask.dim() == 3 else mask
            scores = scores.masked_fill(keep if invert else ~keep, float("-inf"))
        out = scores.softmax(dim) @ vh
        merged = out.reshape(b, tq, d) if by_view else out.transpose(1, 2).reshape(b, tq, d)
        return ref.out_proj(merged)


def run_attention(att: nn.Module, q, k, v, mask, what: str) -> torch.Tensor:
    """att(q, k, v) (the default mask=None) or att(q, k, v, mask), failing if an input was modified."""

    def call(q, k, v, mask=None):
        return att(q, k, v) if mask is None else att(q, k, v, mask)

    with torch.no_grad():
        return assert_tensor(call_pure(call, q, k, v, mask, what=what), what)


@check("numerics")
def test_causal_mask(attempt):
    for T in (1, 2, 5, 8):
        out = attempt.causal_mask(T)
        what = f"causal_mask({T})"
        assert_close(out, torch.ones(T, T, dtype=torch.bool).tril(), EXACT, f"{what} (True on and below the diagonal)")


@check("shape")
def test_attention_output_shape(attempt, reference):
    for i, (b, tq, tk, d, h) in enumerate(MHA_CASES):
        _, att = attention_pair(attempt, reference, d, h, seed=10 + i)
        out = run_attention(att, *qkv(b, tq, tk, d, seed=20 + i), None, mha_name(b, tq, tk, d, h))
        assert_shape(out, (b, tq, d), mha_name(b, tq, tk, d, h))


@check("numerics", points=2)
def test_attention_matches_nn_multihead_attention(attempt, reference):
    for i, (b, tq, tk, d, h) in enumerate(MHA_CASES):
        ref, att = attention_pair(attempt, reference, d, h, seed=30 + i)
        q, k, v = qkv(b, tq, tk, d, seed=40 + 3 * i)
        if i == 0:
            q = randn(tq, b, d, seed=49).transpose(0, 1)  # non-contiguous (B, T_q, D)
        what = mha_name(b, tq, tk, d, h, q_layout="" if q.is_contiguous() else " non-contiguous")
        causes = {
            "the scores were scaled by 1 / sqrt(d_model) instead of 1 / sqrt(d_head)": attention_variant(
                ref, q, k, v, h, scale=d
            ),
            "softmax over the query axis (dim=-2) instead of the keys (dim=-1)": attention_variant(
                ref, q, k, v, h, dim=-2
            ),
            SPLIT_BY_VIEW: attention_variant(ref, q, k, v, h, by_view=True),
        }
        out = run_attention(att, q, k, v, None, what)
        assert_close(
            out, expected_attention(ref, q, k, v, h), REDUCTION, f"{what} vs nn.MultiheadAttention", causes=causes
        )


@check("numerics", points=2)
def test_attention_with_a_2d_mask(attempt, reference):
    for i, (b, tq, tk, d, h) in enumerate(MHA_CASES):
        ref, att = attention_pair(attempt, reference, d, h, seed=50 + i)
        q, k, v = qkv(b, tq, tk, d, seed=60 + 3 * i)
        masks = [random_mask(tq, tk, seed=70 + i)]
        if tq == tk:
            masks.append(torch.ones(tq, tq, dtype=torch.bool).tril())
        for mask in masks:
            what = mha_name(b, tq, tk, d, h, f", mask ({tq}, {tk})")
            causes = {
                "the mask was read as True = blocked; here True means may attend": attention_variant(
                    ref, q, k, v, h, mask, invert=True
                ),
                "the mask was ignored": attention_variant(ref, q, k, v, h),
            }
            out = run_attention(att, q, k, v, mask, what)
            expected = expected_attention(ref, q, k, v, h, mask)
            assert_close(out, expected, REDUCTION, f"{what} vs nn.MultiheadAttention", causes=causes)


@check("numerics", points=2)
def test_attention_with_a_per_batch_mask(attempt, reference):
    for i, (b, tq, tk, d, h) in enumerate([(3, 4, 6, 8, 2), (2, 5, 5, 12, 4), (1, 3, 7, 6, 3)]):
        ref, att = attention_pair(attempt, reference, d, h, seed=80 + i)
        q, k, v = qkv(b, tq, tk, d, seed=90 + 3 * i)
        mask = random_mask(b, tq, tk, seed=100 + i)
        mask[0, :, tk // 2 :] = False  # batch element 0 sees only its first keys (padding-like)
        what = mha_name(b, tq, tk, d, h, f", mask ({b}, {tq}, {tk})")
        causes = {
            "the mask was read as True = blocked; here True means may attend": attention_variant(
                ref, q, k, v, h, mask, invert=True
            ),
            "the mask was ignored": attention_variant(ref, q, k, v, h),
        }
        out = run_attention(att, q, k, v, mask, what)
        expected = expected_attention(ref, q, k, v, h, mask)
        assert_close(out, expected, REDUCTION, f"{what} vs nn.MultiheadAttention", causes=causes)


@check("gradient", points=2)
def test_attention_gradients_match_reference(attempt, reference):
    for i, (b, tq, tk, d, h) in enumerate(MHA_CASES[:3]):
        ref, att = attention_pair(attempt, reference, d, h, seed=110 + i)
        q, k, v = qkv(b, tq, tk, d, seed=120 + 3 * i)
        mask = random_mask(b, tq, tk, seed=130 + i)
        assert_grads_match(
            lambda q, k, v, mask, att=att: att(q, k, v, mask),
            lambda q, k, v, mask, ref=ref: ref(q, k, v, mask),
            {"q": q, "k": k, "v": v, "mask": mask},
            attempt_module=att,
            reference_module=ref,
            what=mha_name(b, tq, tk, d, h, f", mask ({b}, {tq}, {tk})"),
        )


def block_pair(attempt, reference, d: int, h: int, f: int, seed: int) -> tuple[nn.Module, nn.Module]:
    """The reference block with random LayerNorm weights (ones and zeros would hide ln1/ln2 mix-ups) and
    the attempt's block with the same state_dict."""
    torch.manual_seed(seed)
    ref = reference.TransformerBlock(d, h, f)
    with torch.no_grad():
        for j, ln in enumerate((ref.ln1, ref.ln2)):
            ln.weight.copy_(1 + 0.5 * randn(d, seed=seed + 2 * j))
            ln.bias.copy_(0.5 * randn(d, seed=seed + 2 * j + 1))
    att = attempt.TransformerBlock(d, h, f)
    load_same_weights(ref, att)
    return ref, att


def post_norm(ref: nn.Module, x: torch.Tensor, mask) -> torch.Tensor:
    with torch.no_grad():
        x = ref.ln1(x + ref.attn(x, x, x, mask))
        return ref.ln2(x + ref.ff(x))


def block_masks(b: int, t: int, seed: int) -> list[tuple[str, torch.Tensor | None]]:
    per_batch = random_mask(b, t, t, seed=seed)
    return [("", None), (f", causal mask ({t}, {t})", torch.ones(t, t, dtype=torch.bool).tril()),
            (f", mask ({b}, {t}, {t})", per_batch)]  # fmt: skip


def block_call(block: nn.Module):
    """block(x) (the default mask=None) or block(x, mask)."""

    def call(x, mask=None):
        return block(x) if mask is None else block(x, mask)

    return call


@check("numerics", points=2)
def test_block_matches_reference(attempt, reference):
    for i, (b, t, d, h, f) in enumerate(BLOCK_CASES):
        ref, att = block_pair(attempt, reference, d, h, f, seed=140 + 10 * i)
        x = randn(b, t, d, seed=150 + i)
        for label, mask in block_masks(b, t, seed=160 + i):
            what = f"TransformerBlock({d}, {h}, {f})(x ({b}, {t}, {d}){label})"
            with torch.no_grad():
                expected = ref(x, mask)
                causes = {
                    "post-norm: LayerNorm after the residual add; this block is pre-norm": post_norm(ref, x, mask)
                }
                if mask is None:
                    causal = torch.ones(t, t, dtype=torch.bool).tril()
                    causes["a causal mask was applied although mask=None"] = ref(x, causal)
                out = assert_tensor(call_pure(block_call(att), x, mask, what=what), what)
            assert_close(out, expected, REDUCTION, what, causes=causes)


@check("gradient", points=2)
def test_block_gradients_match_reference(attempt, reference):
    for i, (b, t, d, h, f) in enumerate(BLOCK_CASES):
        ref, att = block_pair(attempt, reference, d, h, f, seed=170 + 10 * i)
        x = randn(b, t, d, seed=180 + i)
        for label, mask in block_masks(b, t, seed=190 + i)[::2]:  # no mask, and a per-batch mask
            assert_grads_match(
                lambda x, mask=mask, att=att: att(x, mask),
                lambda x, mask=mask, ref=ref: ref(x, mask),
                {"x": x},
                attempt_module=att,
                reference_module=ref,
                what=f"TransformerBlock({d}, {h}, {f})(x ({b}, {t}, {d}){label})",
            )


def gpt_name(config: tuple[int, ...]) -> str:
    return "MiniGPT({}, {}, {}, {}, {})".format(*config)


def tokens(b: int, t: int, vocab: int, seed: int) -> torch.Tensor:
    return torch.randint(0, vocab, (b, t), generator=generator(seed))


def gpt_logits(model: nn.Module, x: torch.Tensor, what: str, seed: int | None = None) -> torch.Tensor:
    """model(x) without gradients; with `seed`, the global RNG is seeded first (dropout in train mode draws
    the same masks for the same shapes)."""
    if seed is not None:
        torch.manual_seed(seed)
    with torch.no_grad():
        return assert_tensor(call(model, x, what=what), what)


@check("shape")
def test_minigpt_output_shape(attempt):
    for i, config in enumerate(GPT_CASES):
        vocab, max_len = config[0], config[-1]
        model = attempt.MiniGPT(*config).eval()
        for b, t in [(1, 1), (3, 4), (2, max_len)]:
            what = f"{gpt_name(config)} on tokens ({b}, {t}){' (T = max_len)' if t == max_len else ''}"
            assert_shape(gpt_logits(model, tokens(b, t, vocab, seed=200 + i), what), (b, t, vocab), what)


@check("behaviour", points=2)
def test_minigpt_runs_n_layers_distinct_blocks(attempt):
    vocab, d, h, max_len = 13, 16, 2, 10
    for n_layers in (1, 3):
        config = (vocab, d, h, n_layers, max_len)
        model = attempt.MiniGPT(*config)
        blocks = [m for m in model.modules() if isinstance(m, attempt.TransformerBlock)]  # each module once
        expect(
            len(blocks) == n_layers,
            f"{gpt_name(config)} holds {len(blocks)} distinct TransformerBlock submodule(s), expected {n_layers}: "
            "blocks kept in a plain Python list are not registered (use nn.ModuleList), and "
            "[block] * n_layers repeats one block",
        )
        what = f"{gpt_name(config)} on tokens (2, 6)"
        params = [(f"blocks[{j}].{name}", p) for j, block in enumerate(blocks) for name, p in block.named_parameters()]
        torch.manual_seed(230)
        out = assert_tensor(call(model, tokens(2, 6, vocab, seed=231), what=what), what)
        grads = call(
            torch.autograd.grad, weighted_sum(out), [p for _, p in params], allow_unused=True, what=f"{what}: backward"
        )
        unused = [name for (name, _), grad in zip(params, grads, strict=True) if grad is None]
        expect(
            not unused,
            f"{what}: no gradient reached {', '.join(unused[:3])}{' ...' if len(unused) > 3 else ''}: "
            "the logits must come through all n_layers blocks",
        )


@check("behaviour", points=2)
def test_minigpt_is_causal(attempt):
    for i, config in enumerate(GPT_CASES):
        vocab, max_len = config[0], config[-1]
        t_len = max_len - 1
        x = tokens(2, t_len, vocab, seed=210 + i)
        torch.manual_seed(211 + i)
        model = attempt.MiniGPT(*config)
        for mode in ("eval", "train"):
            model.train(mode == "train")
            what = f"{gpt_name(config)} in {mode} mode on tokens (2, {t_len})"
            base = gpt_logits(model, x, what, seed=212)
            assert_shape(base, (2, t_len, vocab), what)
            expect(
                bool(torch.isfinite(base).all()), f"{what}: the logits contain NaN or inf (a query with no key left?)"
            )
            for t in sorted({0, t_len // 2, t_len - 1}):
                changed = x.clone()
                changed[0, t] = (x[0, t] + 1) % vocab
                out = gpt_logits(model, changed, what, seed=212)
                if t > 0:
                    assert_close(
                        out[0, :t], base[0, :t], CAUSAL,
                        f"{what}: logits at positions 0..{t - 1} after changing token {t} (the future leaks into "
                        "the past)",
                    )  # fmt: skip
                expect(
                    not torch.allclose(out[0, t], base[0, t]),
                    f"{what}: changing token {t} left the logits at position {t} unchanged (does a position see "
                    "itself?)",
                )
                assert_close(
                    out[1], base[1], CAUSAL, f"{what}: logits of sequence 1 after changing a token of sequence 0"
                )


@check("behaviour")
def test_minigpt_prefix_gets_the_same_logits(attempt):
    for i, config in enumerate(GPT_CASES):
        vocab, max_len = config[0], config[-1]
        model = attempt.MiniGPT(*config).eval()
        x = tokens(2, max_len, vocab, seed=250 + i)
        full = gpt_logits(model, x, f"{gpt_name(config)} on tokens (2, {max_len}) (T = max_len)")
        for t in (1, max_len // 2):
            what = f"{gpt_name(config)}: logits of tokens[:, :{t}] vs positions 0..{t - 1} of tokens (2, {max_len})"
            prefix = gpt_logits(model, x[:, :t], what)
            assert_close(
                prefix, full[:, :t], REDUCTION, f"{what} (position t uses row t of the position embedding, whatever T)"
            )


@check("behaviour")
def test_minigpt_uses_positions(attempt):
    for config in GPT_CASES:
        vocab, max_len = config[0], config[-1]
        model = attempt.MiniGPT(*config).eval()
        x = torch.full((1, max_len), 3 % vocab)
        what = f"{gpt_name(config)} on a sequence of {max_len} equal tokens (T = max_len)"
        out = gpt_logits(model, x, what)
        assert_shape(out, (1, max_len, vocab), what)
        spread = (out[0] - out[0, :1]).abs().amax().item()
        expect(spread > 1e-4, f"{what}: every position got the same logits (is a position embedding added?)")


@check("behaviour", points=2, timeout_s=40)  # ~4 s for the reference on a loaded CPU; a per-head loop is slower
def test_minigpt_memorises_a_sequence(attempt):
    vocab, length = 11, 16
    sequence = torch.randint(0, vocab, (1, length + 1), generator=generator(220))
    torch.manual_seed(221)
    model = attempt.MiniGPT(vocab, 16, 2, 2, 24)
    assert_trains(
        model,
        lambda step: (sequence[:, :-1], sequence[:, 1:]),
        lambda out, target: F.cross_entropy(out.reshape(-1, vocab), target.reshape(-1)),
        max_loss=0.1,
        steps=150,
        lr=1e-2,
        what=f"MiniGPT({vocab}, 16, 2, 2, 24) learning one {length}-token sequence",
    )
