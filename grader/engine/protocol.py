"""Signed, line-framed messages from the grading child to the parent.

The parent opens a pipe and hands the child its write end plus a per-run secret over stdin (both before
any attempt code runs). Every line is `<hmac-sha256 hex> <json>`; the parent drops lines whose
signature does not verify, so text an attempt writes to the pipe, to stdout or to stderr cannot pose as
a result. The functions used here are bound at import time, before the attempt is imported.
"""

from __future__ import annotations

import hmac
import json
import os
from collections.abc import Callable

# The messages the child sends, in order: PLAN (every check, before the attempt is imported), PHASE
# ("import", then "checks" with the import error if any), then per check START and RESULT, and DONE at
# the end; FATAL when the engine itself cannot go on.
PLAN, PHASE, START, RESULT, DONE, FATAL = "plan", "phase", "start", "result", "done", "fatal"
KINDS = frozenset({PLAN, PHASE, START, RESULT, DONE, FATAL})

_digest = hmac.digest
_dumps = json.dumps
_write = os.write

MAX_LINE = 1 << 20  # a longer line is not one of ours


def make_sender(fd: int, secret: bytes) -> Callable[[dict], None]:
    """A function that signs and writes one message; the secret lives only in its closure."""
    seq = [0]

    def send(message: dict) -> None:
        seq[0] += 1
        payload = _dumps({**message, "seq": seq[0]}, separators=(",", ":"), default=str).encode()
        line = _digest(secret, payload, "sha256").hex().encode() + b" " + payload + b"\n"
        view = memoryview(line)
        while view:
            view = view[_write(fd, view) :]

    return send


class Decoder:
    """Parent side: turns pipe bytes into verified messages, counting what does not verify."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret
        self._buffer = b""
        self._seq = 0
        self.rejected = 0

    def feed(self, data: bytes) -> list[dict]:
        self._buffer += data
        *lines, self._buffer = self._buffer.split(b"\n")
        if len(self._buffer) > MAX_LINE:
            self._buffer, self.rejected = b"", self.rejected + 1
        return [m for m in map(self._verify, lines) if m is not None]

    def _verify(self, line: bytes) -> dict | None:
        signature, _, payload = line.partition(b" ")
        expected = hmac.digest(self._secret, payload, "sha256").hex().encode()
        if not hmac.compare_digest(signature, expected):
            self.rejected += 1
            return None
        message = json.loads(payload)
        if message.get("seq") != self._seq + 1:  # replayed or reordered
            self.rejected += 1
            return None
        self._seq += 1
        return message
