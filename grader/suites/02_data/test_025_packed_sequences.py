"""Grader for question 25: last_hidden_states equals running each sequence alone (padding never leaks), keeps
the batch order with unsorted lengths, and backpropagates like the reference."""

import copy

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from grader.checks import (
    EXACT,
    REDUCTION,
    CheckFailed,
    assert_close,
    assert_dtype,
    assert_finite,
    assert_grads_match,
    assert_shape,
    assert_tensor,
    assert_unchanged,
    call,
    call_pure,
    check,
    expect,
    generator,
    input_gradients,
    randn,
    weighted_sum,
)

# (lengths, T, F, H): unsorted lengths with a length 1; one sequence shorter than T; B == T (forgetting
# batch_first raises no error there) with a tie; one feature and T beyond the longest length; B = 7 > T.
CASES = [
    ([3, 7, 1, 5], 7, 3, 5),
    ([4], 6, 2, 4),
    ([2, 5, 5, 1, 3], 5, 3, 6),
    ([9, 2, 6], 11, 1, 8),
    ([1, 4, 2, 4, 3, 1, 2], 4, 5, 3),
]


def make_lstm(f: int, h: int, seed: int) -> nn.LSTM:
    """A seeded LSTM, in eval mode for odd seeds: the caller's mode must be kept either way."""
    torch.manual_seed(seed)
    return nn.LSTM(f, h, batch_first=True).train(seed % 2 == 0)


def make_batch(
    lengths: list[int], t: int, f: int, seed: int, pad_seed: int | None = None, fill: float | None = None
) -> torch.Tensor:
    """Random sequences; padding steps hold large random values (or `fill` everywhere), so that a leak shows."""
    x = randn(len(lengths), t, f, seed=seed)
    if fill is None:
        pad = 5 * randn(len(lengths), t, f, seed=pad_seed or seed + 1) + 3
    else:
        pad = torch.full((len(lengths), t, f), fill)
    steps = torch.arange(t)[None, :, None]
    return torch.where(steps < torch.tensor(lengths)[:, None, None], x, pad)


def name(padded: torch.Tensor, lengths: torch.Tensor, lstm: nn.LSTM, padding: str = "") -> str:
    shape = tuple(padded.shape)
    extra = "" if padded.is_contiguous() else " non-contiguous"
    mode = "" if lstm.training else ".eval()"
    return (
        f"last_hidden_states(nn.LSTM({lstm.input_size}, {lstm.hidden_size}, batch_first=True){mode}, "
        f"padded of shape {shape}{extra}{padding}, lengths={lengths.tolist()})"
    )


def run(attempt, lstm: nn.LSTM, padded: torch.Tensor, lengths: torch.Tensor) -> tuple[torch.Tensor, str]:
    what = name(padded, lengths, lstm)
    with assert_unchanged(lstm, f"{what}: the LSTM"):
        out = call_pure(attempt.last_hidden_states, lstm, padded, lengths, what=what)
    return assert_tensor(out, what), what


def one_by_one(lstm: nn.LSTM, padded: torch.Tensor, lengths: list[int]) -> torch.Tensor:
    """The definition: each sequence alone through the LSTM, its final hidden state. (B, H)"""
    with torch.no_grad():
        return torch.stack([lstm(padded[i : i + 1, :n])[1][0][-1, 0] for i, n in enumerate(lengths)])


def causes(lstm: nn.LSTM, padded: torch.Tensor, lengths: list[int]) -> dict[str, object]:
    """The result of each common mistake on this batch."""
    lens = torch.tensor(lengths)
    packed = pack_padded_sequence(padded, lens, batch_first=True, enforce_sorted=False)
    right = one_by_one(lstm, padded, lengths)

    def last_output() -> torch.Tensor:
        output, _ = pad_packed_sequence(lstm(packed)[0], batch_first=True, total_length=padded.shape[1])
        return output[:, -1]

    return {
        "the padded batch went through the LSTM unpacked, so h_n is the state after the padding steps": lambda: lstm(
            padded
        )[1][0][-1],
        "the rows come back sorted by length: put them back in the batch order (enforce_sorted=False does it for "
        "h_n)": lambda: right[packed.sorted_indices],
        "h_n was reordered with unsorted_indices, but with enforce_sorted=False it is already in the batch order": (
            lambda: right[packed.unsorted_indices]
        ),
        "output[:, -1] of the padded output is a padding step (zeros) for the shorter sequences": last_output,
        "that is the cell state c_n, not the hidden state h_n": lambda: lstm(packed)[1][1][-1],
    }


@check("shape")
def test_output_shape_and_dtype(attempt):
    for i, (lengths, t, f, h) in enumerate(CASES):
        lstm, padded = make_lstm(f, h, seed=i), make_batch(lengths, t, f, seed=10 + i)
        out, what = run(attempt, lstm, padded, torch.tensor(lengths))
        assert_shape(out, (len(lengths), h), what)
        assert_dtype(out, torch.float32, what)


@check("numerics", points=3)
def test_matches_each_sequence_run_alone(attempt):
    for i, (lengths, t, f, h) in enumerate(CASES):
        lstm, padded = make_lstm(f, h, seed=20 + i), make_batch(lengths, t, f, seed=30 + i)
        out, what = run(attempt, lstm, padded, torch.tensor(lengths))
        with torch.no_grad():
            assert_close(
                out.detach(),
                one_by_one(lstm, padded, lengths),
                REDUCTION,
                f"{what} vs each sequence run alone",
                causes=causes(lstm, padded, lengths),
            )
    lengths, t, f, h = CASES[0]
    lstm = make_lstm(f, h, seed=40)
    padded = make_batch(lengths, t, f, seed=41).transpose(0, 1).contiguous().transpose(0, 1)  # (B, T, F) strides
    out, what = run(attempt, lstm, padded, torch.tensor(lengths))
    assert_close(out.detach(), one_by_one(lstm, padded, lengths), REDUCTION, f"{what} vs each sequence run alone")


@check("behaviour", points=2)
def test_padding_does_not_leak(attempt):
    for i, (lengths, t, f, h) in enumerate(CASES):
        lstm = make_lstm(f, h, seed=50 + i)
        lens = torch.tensor(lengths)
        zeros, what = run(attempt, lstm, make_batch(lengths, t, f, seed=60 + i, fill=0.0), lens)
        for pad_seed in (70 + i, 80 + i):
            other, other_what = run(attempt, lstm, make_batch(lengths, t, f, seed=60 + i, pad_seed=pad_seed), lens)
            assert_close(
                other.detach(), zeros.detach(), REDUCTION, f"{other_what} with other padding values vs zero padding"
            )
        longer = make_batch(lengths, t + 3, f, seed=60 + i, pad_seed=90 + i)
        longer[:, :t] = make_batch(lengths, t, f, seed=60 + i, fill=0.0)
        out, longer_what = run(attempt, lstm, longer, lens)
        assert_close(out.detach(), zeros.detach(), REDUCTION, f"{longer_what} (3 more padding steps) vs {what}")


@check("behaviour", points=2)
def test_batch_order_is_kept(attempt):
    for i, (lengths, t, f, h) in enumerate(CASES):
        if len(lengths) == 1:
            continue
        lstm, padded = make_lstm(f, h, seed=100 + i), make_batch(lengths, t, f, seed=110 + i)
        out, what = run(attempt, lstm, padded, torch.tensor(lengths))
        perm = torch.randperm(len(lengths), generator=generator(120 + i))
        permuted, permuted_what = run(attempt, lstm, padded[perm], torch.tensor(lengths)[perm])
        assert_close(
            permuted.detach(),
            out.detach()[perm],
            REDUCTION,
            f"{permuted_what}: rows permuted by {perm.tolist()} should give the rows of {what} in that order",
        )


def bound(fn, lstm: nn.LSTM):
    """`fn` with the LSTM fixed, named as the learner's function in messages."""

    def last_hidden_states(padded: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        return fn(lstm, padded, lengths)

    return last_hidden_states


@check("gradient", points=2)
def test_gradients_match_reference(attempt, reference):
    for i, (lengths, t, f, h) in enumerate(CASES):
        lstm = make_lstm(f, h, seed=130 + i)
        ref_lstm = copy.deepcopy(lstm)
        lens = torch.tensor(lengths)
        padded = make_batch(lengths, t, f, seed=140 + i)
        what = name(padded, lens, lstm)
        _, grads = input_gradients(
            bound(attempt.last_hidden_states, lstm), {"padded": padded, "lengths": lens}, what=what
        )
        leaked = (torch.arange(t)[None, :] >= lens[:, None]) & (grads["padded"] != 0).any(-1)  # (B, T)
        if bool(leaked.any()):
            row, step = (int(v) for v in leaked.nonzero()[0])
            expect(False, f"{what}: the gradient reaches padded[{row}, {step}], a padding step (lengths[{row}] = "
                          f"{lengths[row]}): padding must not reach the LSTM")  # fmt: skip
        assert_grads_match(
            bound(attempt.last_hidden_states, lstm),
            bound(reference.last_hidden_states, ref_lstm),
            {"padded": padded, "lengths": lens},
            attempt_module=lstm,
            reference_module=ref_lstm,
            what=what,
        )


def expect_finite(value: torch.Tensor, what: str) -> None:
    try:
        assert_finite(value, what)
    except CheckFailed as failure:
        raise CheckFailed(
            f"{failure}: the NaN padding reached the LSTM (a value masked or sliced away after the LSTM still "
            "multiplies NaN by 0 in the backward): only the real steps may run through it"
        ) from None


@check("behaviour", points=2)
def test_nan_padding_never_reaches_the_lstm(attempt):
    for i, (lengths, t, f, h) in enumerate(CASES):
        lstm, lens = make_lstm(f, h, seed=150 + i), torch.tensor(lengths)
        padded = make_batch(lengths, t, f, seed=160 + i, fill=float("nan"))
        what = name(padded, lens, lstm, padding=" (NaN on the padding steps)")
        leaf, lens_given = padded.clone().requires_grad_(), lens.clone()
        with assert_unchanged(lstm, f"{what}: the LSTM"):
            out = assert_tensor(call(attempt.last_hidden_states, lstm, leaf, lens_given, what=what), what)
        assert_close(leaf.detach(), padded, EXACT, f"{what}: padded after the call (inputs must not be modified)",
                     equal_nan=True)  # fmt: skip
        assert_close(lens_given, lens, EXACT, f"{what}: lengths after the call (inputs must not be modified)")
        expect_finite(out, what)
        if not out.requires_grad:
            continue  # no gradient at all: test_gradients_match_reference says so
        params = dict(lstm.named_parameters())
        grads = torch.autograd.grad(weighted_sum(out), [leaf, *params.values()], allow_unused=True)
        for grad_name, grad in zip(["padded", *params], grads, strict=True):
            if grad is not None:
                expect_finite(grad, f"{what}: gradient of {grad_name}")
